using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>
/// Estimates what one intervention did to one performance metric: a probe decides the clusters and any
/// Ashenfelter dip; gates refuse pairs without enough people or comparisons; the headline doubly robust
/// DiD with cross-fitted ML nuisances is fitted beside naive, DiD, IPW, outcome-regression, least-squares
/// DR and lagged-outcome estimates; then the checks (event study, pre-trend, placebo, overlap,
/// sensitivity), the warnings, heterogeneity, value and a verdict.
/// </summary>
public static class PairEstimator
{
    public static PairResult Estimate(Panel panel, string interventionId, EstimateOptions options, CancellationToken ct)
    {
        var shell = Shell(panel, interventionId);
        if (panel.Periods.Count < 2)
            return shell with
            {
                Reason = $"{panel.Metric.Name} has {panel.Periods.Count} observed period(s); a before-and-after " +
                         "comparison needs at least two.",
            };
        var probe = Probe(panel, interventionId, options);
        var stack = StackBuilder.Build(panel, interventionId, options.Pre, options.Post, probe.Anticipation, options)
            .ClusteredBy(probe.Clustering);
        var warnings = PairWarnings.Before(panel, stack, probe, options);
        shell = shell with
        {
            NTreated = stack.TreatedCount, NControl = stack.DistinctControls, Anticipation = probe.Anticipation,
            PrePeriods = stack.Cohorts.Select(c => c.PreEnd - c.PreStart).DefaultIfEmpty(0).Max(),
            PostPeriods = stack.Cohorts.Select(c => c.PostEnd - c.PostStart).DefaultIfEmpty(0).Max(),
            ClusterLevel = probe.Clustering.Level, ClusterReason = probe.Clustering.Reason, Warnings = warnings,
            DipDepth = probe.Dip.Depth, DipP = probe.Dip.P,
            SampledComparisonShare = stack.SampledShare < 1 ? stack.SampledShare : null,
        };
        if (PairGates.TooFew(stack, options, shell.CompletionRate) is { } tooFew) return shell with { Reason = tooFew };

        var fit = HeadlineFit.Of(stack, options, ct);
        if (PairGates.NoOverlap(fit, options) is { } noOverlap)
            return shell with { Reason = noOverlap, CompletersOutsideSupport = fit.CompletersOutsideSupport };
        var checks = PairChecks.Of(panel, stack, fit, probe.Anticipation, options, ct);
        var mde = Inference.MinimumDetectable(fit.StdError, fit.Clusters);
        var verdict = Verdicts.Decide(new VerdictInput(panel.Metric, panel.Interventions[interventionId], fit.Dr.Value,
            fit.CiLow, fit.CiHigh, mde, checks.PretrendP, checks.LargestPreDeviation), options);
        warnings.AddRange(PairWarnings.After(panel.Metric, stack, fit, checks, options));
        var result = PairResults.Estimated(shell, stack, fit, checks, verdict, mde, options);
        return verdict.Status == PairStatus.Estimated ? result : PairResults.Blocked(result, verdict.Reason);
    }

    /// <summary>What every result carries, estimated or not.</summary>
    static PairResult Shell(Panel panel, string interventionId)
    {
        var metric = panel.Metric;
        var intervention = panel.Interventions[interventionId];
        var treatedEver = panel.TreatedOn[interventionId].Count(d => d is not null);
        return new PairResult
        {
            InterventionId = interventionId, MetricId = metric.Id, Reason = "",
            Status = PairStatus.InsufficientData, Verdict = Verdicts.Insufficient,
            InterventionName = intervention.Name, MetricName = metric.Name, Unit = metric.Unit,
            Direction = metric.Direction == Direction.HigherIsBetter ? "higher_is_better" : "lower_is_better",
            CompletionRate = panel.Population == 0 ? null : treatedEver / (double)panel.Population,
            Currency = metric.Currency,
            SmallestMeaningfulChange = metric.SmallestMeaningfulChange,
        };
    }

    /// <summary>
    /// What the probe decided before the real stack is built: clusters, and the periods an Ashenfelter dip moves out.
    /// </summary>
    public sealed record ProbeResult(Clustering Clustering, int Anticipation, Dip Dip);

    /// <summary>
    /// A stack without features (means only) decides how inference clusters and, unless --anticipation was
    /// given, whether completers dipped before completion and recovered after.
    /// </summary>
    static ProbeResult Probe(Panel panel, string interventionId, EstimateOptions options)
    {
        var anticipation = options.Anticipation ?? 0;
        var probe = StackBuilder.Build(panel, interventionId, options.Pre, options.Post, anticipation, options,
            features: false);
        var clustering = Clustering.Choose(probe, options.Cluster);
        probe.ClusteredBy(clustering);
        if (options.Anticipation is { } given) return new ProbeResult(clustering, given, Dip.None);
        if (probe.TreatedCount < options.MinTreated || probe.DistinctControls < options.MinControls)
            return new ProbeResult(clustering, 0, Dip.None);
        var events = EventStudy.Estimate(probe, _ => 1, _ => true, options, outcomeModel: false);
        var dip = DipProbe.Detect(events, probe, panel.Metric);
        return new ProbeResult(clustering, dip.Periods, dip);
    }
}
