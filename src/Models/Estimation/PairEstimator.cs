using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>
/// Estimates what one intervention did to one performance metric: naive contrast, DiD against the
/// not-yet-treated, IPW, outcome regression, lagged-outcome regression and the headline doubly robust
/// DiD with cross-fitted ML nuisances; then the event study, pre-trend, placebos, overlap, sensitivity,
/// heterogeneity, value and a verdict.
/// </summary>
public static class PairEstimator
{
    public static PairResult Estimate(Panel panel, string interventionId, EstimateOptions options, CancellationToken ct)
    {
        var metric = panel.Metric;
        var intervention = panel.Interventions[interventionId];
        var treatedEver = panel.TreatedOn[interventionId].Count(d => d is not null);
        var completionRate = panel.Population == 0 ? (double?)null : treatedEver / (double)panel.Population;
        var warnings = new List<string>();
        var shell = new PairResult
        {
            InterventionId = interventionId, MetricId = metric.Id, Status = PairStatus.InsufficientData, Verdict = Verdicts.Insufficient,
            Reason = "", InterventionName = intervention.Name, MetricName = metric.Name, Unit = metric.Unit,
            Direction = metric.Direction == Direction.HigherIsBetter ? "higher_is_better" : "lower_is_better",
            CompletionRate = completionRate, Currency = metric.Currency,
        };
        if (panel.Periods.Count < 2)
            return shell with { Reason = $"{metric.Name} has {panel.Periods.Count} observed period(s); a before-and-after comparison needs at least two." };

        var anticipation = options.Anticipation ?? 0;
        if (options.Anticipation is null)
        {
            var probe = StackBuilder.Build(panel, interventionId, options.Pre, options.Post, 0, options, features: false);
            if (probe.TreatedCount >= options.MinTreated && probe.DistinctControls >= options.MinControls)
            {
                anticipation = Diagnostics.DetectDip(Diagnostics.EventStudy(probe, _ => 1), probe, metric);
                if (anticipation > 0)
                    warnings.Add($"Ashenfelter dip: {metric.Name} of completers dropped in the {anticipation} period(s) before completion while earlier periods were flat, " +
                                 $"so the baseline was moved to before the dip (anticipation {anticipation}); a baseline inside the dip would credit the recovery to {intervention.Name}.");
            }
        }
        var stack = StackBuilder.Build(panel, interventionId, options.Pre, options.Post, anticipation, options);
        var preLength = stack.Cohorts.Count == 0 ? 0 : stack.Cohorts.Max(c => c.PreEnd - c.PreStart);
        var postLength = stack.Cohorts.Count == 0 ? 0 : stack.Cohorts.Max(c => c.PostEnd - c.PostStart);
        shell = shell with { NTreated = stack.TreatedCount, NControl = stack.DistinctControls, Anticipation = anticipation, PrePeriods = preLength, PostPeriods = postLength };
        if (stack.PreClamped) warnings.Add($"Some completers have fewer than {options.Pre} observed periods before completion; their baseline uses what exists (at least one).");
        if (stack.PostClamped) warnings.Add($"Some completers have fewer than {options.Post} observed periods after completion; their post window uses what exists.");
        if (stack.TreatedOutsidePanel > 0)
            warnings.Add($"{stack.TreatedOutsidePanel} completer(s) finished too early or too late for a before-and-after window on {metric.Name} and are not counted.");

        var blocked = Blocking(stack, options, treatedEver, completionRate, metric, intervention);
        if (blocked is not null) return shell with { Reason = blocked, Warnings = warnings };

        var nuisance = Nuisance.Fit(stack, options, ct);
        var p = nuisance.Propensity;
        var m = nuisance.Outcome;
        bool Kept(int i) => p[i] <= options.TrimAbove;
        var trimmedTreated = Enumerable.Range(0, stack.Rows).Count(i => stack.Treated[i] && !Kept(i));
        var trimmedShare = trimmedTreated / (double)stack.TreatedCount;
        if (trimmedShare > 0.5)
            return shell with { Reason = $"No overlap: {Verdicts.Percent(trimmedShare)} of completers have no comparable non-completers (propensity above {options.TrimAbove}).", Warnings = warnings, TrimmedShare = trimmedShare };
        if (trimmedShare > 0) warnings.Add($"{Verdicts.Percent(trimmedShare, 1)} of completers had no comparable non-completers and were trimmed: the estimate is for the rest.");

        double W(int i) => p[i] / (1 - p[i]);
        var dr = Att.Estimate(stack, i => stack.Delta(i) - m[i], W, Kept);
        var ipw = Att.Estimate(stack, stack.Delta, W, Kept);
        var or = Att.Estimate(stack, i => stack.Delta(i) - m[i], _ => 1, Kept);
        var did = Att.Estimate(stack, stack.Delta, _ => 1);
        var naive = Att.Estimate(stack, i => stack.PostMean[i], _ => 1);
        var lagged = Diagnostics.LaggedOutcome(stack, Kept);
        var se = options.Bootstrap > 0 ? Bootstrap(dr.UnitInfluence, options.Bootstrap, options.Seed) : dr.StdError;
        var (ciLow, ciHigh) = (dr.Value - 1.959964 * se, dr.Value + 1.959964 * se);

        var events = Diagnostics.EventStudy(stack, W, Kept);
        var pretrend = Diagnostics.PretrendP(events, stack);
        var placeboP = Placebo(panel, interventionId, options, anticipation);
        var randomP = RandomPlacebo(stack, options.Seed);
        var ess = EffectiveControls(stack, W, Kept);
        var (rv, sensitivity) = Diagnostics.Sensitivity(stack, dr.Value, se);
        var specs = new[] { dr.Value, did.Value, ipw.Value, or.Value, lagged ?? double.NaN }.Where(double.IsFinite).ToArray();
        var baseline = Enumerable.Range(0, stack.Rows).Where(i => stack.Treated[i]).Average(i => stack.PreMean[i]);

        if (placeboP < 0.05) warnings.Add($"Placebo failed (p = {placeboP:0.###}): completers' {metric.Name} already moved differently before completion, so part of the estimate may be a trend.");
        if (randomP < 0.05) warnings.Add($"Random-placebo test failed (p = {randomP:0.###}): random non-completers show an 'effect', so the comparison is less clean than assumed.");
        if (ess < 0.2 * stack.DistinctControls) warnings.Add($"Weak overlap: the weighted comparison group is worth {ess:0} people of {stack.DistinctControls}.");
        // Only an effect can be fragile: for an interval that already includes zero there is nothing to erase.
        var significant = ciLow > 0 || ciHigh < 0;
        if (rv < 0.05 && significant) warnings.Add($"Fragile: {sensitivity}");
        var relative = Math.Abs(baseline) > 1e-9 ? dr.Value / baseline : (double?)null;
        // With tens of thousands of people a change of a fraction of a percent is statistically clear; say
        // so, because "improved" or "worsened" alone reads as a change worth acting on.
        if (significant && relative is { } rel && Math.Abs(rel) < SmallEffect)
            warnings.Add($"Clear but small: {Verdicts.Percent(Math.Abs(rel), 1)} of completers' baseline {metric.Name}. Many people make even a tiny change statistically clear; whether it matters for the work is a judgement, not a statistic.");
        if (pretrend < 0.05) warnings.Add($"Pre-trend test p = {pretrend:0.###}: completers' {metric.Name} trended differently before completion.");
        var spread = specs.Length > 0 ? specs.Max() - specs.Min() : 0;
        if (spread > 2 * se) warnings.Add($"The estimate depends on the method: from {Verdicts.Figure(specs.Min(), 2)} to {Verdicts.Figure(specs.Max(), 2)} {metric.Unit}.");

        var (status, verdict, reason) = Verdicts.Decide(metric, intervention, dr.Value, ciLow, ciHigh, pretrend, options);
        var value = Value.Of(metric, intervention, dr.Value, ciLow, ciHigh, postLength);
        return Finite(shell with
        {
            Status = status, Verdict = verdict, Reason = reason, Estimate = dr.Value, StdError = se, CiLow = ciLow, CiHigh = ciHigh,
            RelativeEffect = relative,
            NTreated = dr.Treated, NControl = dr.Controls, NaiveDifference = naive.Value, DidEstimate = did.Value,
            PretrendP = pretrend, PlaceboP = placeboP, EffectiveNControl = ess, Robustness = rv,
            SpecLow = specs.Min(), SpecHigh = specs.Max(), BenefitPerParticipant = value.Benefit, Roi = value.Roi,
            BenefitCiLow = value.Low, BenefitCiHigh = value.High, Warnings = warnings,
            EventStudy = events.Select(e => new EventStudyPoint(e.Relative, e.Att.Value, e.Att.CiLow, e.Att.CiHigh)).ToList(),
            IpwEstimate = ipw.Value, OutcomeRegressionEstimate = or.Value, LaggedOutcomeEstimate = lagged,
            TrimmedShare = trimmedShare, RandomPlaceboP = randomP, Sensitivity = sensitivity,
            Heterogeneity = options.Insights ? Heterogeneity(stack, m, W, Kept, options) : [],
        });
    }

    /// <summary>A figure that could not be computed is null in the result, never NaN.</summary>
    static PairResult Finite(PairResult result)
    {
        var copy = result with { };
        foreach (var property in typeof(PairResult).GetProperties())
            if (property.PropertyType == typeof(double?) && property.GetValue(copy) is double v && !double.IsFinite(v))
                property.SetValue(copy, null);
        return copy;
    }

    static string? Blocking(Stack stack, EstimateOptions options, int treatedEver, double? completionRate, PerformanceMetric metric, InterventionRow intervention)
    {
        if (stack.TreatedCount < options.MinTreated && metric.Level == MetricLevel.Team)
            return $"Too few teams to compare: {metric.Name} is measured per team, and a team counts as having done {intervention.Name} once at least half its members finished it; " +
                   $"{treatedEver} team(s) got there, {stack.TreatedCount} with data before and after, and at least {options.MinTreated} are needed.";
        if (stack.TreatedCount < options.MinTreated)
            return $"Too few completers with {metric.Name} data before and after: {stack.TreatedCount} (of {treatedEver} who finished {intervention.Name}); at least {options.MinTreated} are needed.";
        var needed = Math.Max(options.MinControls, (int)Math.Ceiling(options.MinControlShare * stack.TreatedCount));
        if (stack.DistinctControls < needed)
            return metric.Level == MetricLevel.Team
                ? $"Too few comparisons: {Verdicts.Percent(completionRate)} of teams got at least half their members through {intervention.Name} and only {stack.DistinctControls} team(s) had not (yet) with {metric.Name} data; " +
                  $"at least {needed} are needed, and teams that skip what almost every team does are rarely comparable."
                : $"Too few comparisons: {Verdicts.Percent(completionRate)} finished {intervention.Name} and only {stack.DistinctControls} people had not (yet) done so with {metric.Name} data; " +
                  $"at least {needed} are needed, and people who skip a course almost everyone takes are rarely comparable.";
        return null;
    }

    /// <summary>Fake completion dates just before the real baseline ends; plain DiD there should find nothing.</summary>
    static double? Placebo(Panel panel, string interventionId, EstimateOptions options, int anticipation)
    {
        var stack = StackBuilder.Build(panel, interventionId, options.Pre, options.Post, anticipation, options, placebo: true, features: false);
        if (stack.TreatedCount < options.MinTreated) return null;
        var did = Att.Estimate(stack, stack.Delta, _ => 1);
        return double.IsFinite(did.PValue) ? did.PValue : null;
    }

    /// <summary>Random non-completers labelled as treated (a third of the units, by seed): DiD should find nothing.</summary>
    static double? RandomPlacebo(Stack stack, int seed)
    {
        var random = new Random(seed + 1);
        var fake = Enumerable.Range(0, stack.Panel.UnitIds.Length).Select(_ => random.NextDouble() < 1 / 3.0).ToArray();
        var att = Att.Estimate(stack, stack.Delta, _ => 1, i => !stack.Treated[i], i => fake[stack.Unit[i]]);
        return double.IsFinite(att.PValue) ? att.PValue : null;
    }

    /// <summary>Kish's effective sample size of the comparison weights as they enter the aggregate.</summary>
    static double EffectiveControls(Stack stack, Func<int, double> weight, Func<int, bool> kept)
    {
        var sumW = new double[stack.Cohorts.Count];
        for (var i = 0; i < stack.Rows; i++) if (!stack.Treated[i] && kept(i)) sumW[stack.CohortOf[i]] += weight(i);
        var perUnit = new Dictionary<int, double>();
        for (var i = 0; i < stack.Rows; i++)
        {
            if (stack.Treated[i] || !kept(i)) continue;
            var c = stack.CohortOf[i];
            var a = stack.Cohorts[c].Treated * weight(i) / sumW[c];
            perUnit[stack.Unit[i]] = perUnit.GetValueOrDefault(stack.Unit[i]) + a;
        }
        var s = perUnit.Values.Sum();
        var s2 = perUnit.Values.Sum(a => a * a);
        return s2 > 0 ? s * s / s2 : 0;
    }

    /// <summary>Multiplier bootstrap on the unit influence functions (Rademacher weights), as R's did does.</summary>
    static double Bootstrap(double[] influence, int draws, int seed)
    {
        var random = new Random(seed + 2);
        var active = influence.Where(a => a != 0).ToArray();
        var values = new double[draws];
        for (var b = 0; b < draws; b++)
        {
            double sum = 0;
            foreach (var a in active) sum += random.Next(2) == 0 ? a : -a;
            values[b] = sum;
        }
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, draws - 1));
    }

    const int MaxGroupsPerAttribute = 30;

    /// <summary>An effect below this share of the completers' baseline is called small in a warning.</summary>
    const double SmallEffect = 0.01;

    static List<GroupEffect> Heterogeneity(Stack stack, double[] m, Func<int, double> weight, Func<int, bool> kept, EstimateOptions options)
    {
        var effects = new List<GroupEffect>();
        foreach (var (group, labels) in stack.Panel.Groups)
        {
            // Labels as small integers per unit: every group's estimate filters all rows of the stack.
            var names = labels.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
            var index = names.Select((name, c) => (name, c)).ToDictionary(p => p.name, p => p.c, StringComparer.Ordinal);
            var code = labels.Select(l => l is null ? -1 : index[l]).ToArray();
            var treated = new int[names.Length];
            var controls = new int[names.Length];
            for (var i = 0; i < stack.Rows; i++)
                if (code[stack.Unit[i]] is var c and >= 0)
                    if (stack.Treated[i]) treated[c]++; else controls[c]++;
            var candidates = Enumerable.Range(0, names.Length).Where(c => treated[c] >= options.MinTreated && controls[c] >= options.MinControls).ToList();
            // Two groups make a comparison; hundreds (every team of a big organisation) make a list nobody reads.
            if (candidates.Count < 2 || candidates.Count > MaxGroupsPerAttribute) continue;
            foreach (var c in candidates)
            {
                var att = Att.Estimate(stack, i => stack.Delta(i) - m[i], weight, i => kept(i) && code[stack.Unit[i]] == c);
                if (att.Treated >= options.MinTreated && double.IsFinite(att.StdError))
                    effects.Add(new GroupEffect(group, names[c], att.Value, att.CiLow, att.CiHigh, att.Treated));
            }
        }
        return effects;
    }
}
