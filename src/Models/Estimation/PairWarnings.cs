using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>Warnings that travel with an estimate: they do not block it, they say what to keep in mind.</summary>
public static class PairWarnings
{
    /// <summary>An effect below this share of the completers' baseline is called small in a warning.</summary>
    const double SmallEffect = 0.01;

    /// <summary>Below this many clusters, inference uses small-sample t and F and says so.</summary>
    const int FewClusters = 50;

    /// <summary>About the windows, the dip probe and the clusters: known before anything is fitted.</summary>
    public static List<string> Before(Panel panel, Stack stack, PairEstimator.ProbeResult probe,
        EstimateOptions options)
    {
        var metric = panel.Metric;
        var name = panel.Interventions[stack.InterventionId].Name;
        var warnings = new List<string>();
        if (probe.Anticipation > 0 && probe.Dip.Periods > 0)
            warnings.Add($"Ashenfelter dip: {metric.Name} of completers dropped by " +
                         $"{Verdicts.Figure(probe.Dip.Depth ?? 0)} in the {probe.Anticipation} period(s) before " +
                         $"completion and recovered after, so the baseline was moved to before the dip (anticipation " +
                         $"{probe.Anticipation}); the dip periods are still shown in the event study. A baseline " +
                         $"inside the dip would credit the recovery to {name}.");
        else if (probe.Dip.Kept is { } why)
            warnings.Add($"{metric.Name} of completers dropped by {Verdicts.Figure(probe.Dip.Depth ?? 0)} just " +
                         $"before completion, but {why}; it stays in the baseline, where the pre-trend test weighs " +
                         $"it.");
        if (stack.PreClamped)
            warnings.Add($"Some completers have fewer than {options.Pre} observed periods before completion; their " +
                         "baseline uses what exists (at least one).");
        if (stack.PostClamped)
            warnings.Add($"Some completers have fewer than {options.Post} observed periods after completion; their " +
                         "post window uses what exists.");
        if (stack.TreatedOutsidePanel > 0)
            warnings.Add($"{stack.TreatedOutsidePanel} completer(s) finished too early or too late for a " +
                         $"before-and-after window on {metric.Name} and are not counted.");
        if (stack.SampledShare < 1)
            warnings.Add($"A random {Verdicts.Percent(stack.SampledShare, 1)} of comparison people were used, to " +
                         "keep the estimate within its memory budget.");
        return warnings;
    }

    /// <summary>About the fit and its checks.</summary>
    public static IEnumerable<string> After(PerformanceMetric metric, Stack stack, HeadlineFit fit, PairChecks checks,
        EstimateOptions options)
    {
        var level = stack.Clustering.Level == Clustering.Team ? "teams" : "people";
        if (fit.Clusters < FewClusters)
            yield return $"Only {fit.Clusters} {level} as independent units (clustered by {stack.Clustering.Level}): " +
                         $"intervals and tests use t with {fit.Clusters - 1} degrees of freedom, wider than the " +
                         $"usual normal ones.";
        if (fit.TrimmedComparisonShare > 0)
            yield return $"{Verdicts.Percent(fit.TrimmedComparisonShare, 1)} of comparison people resembled no " +
                         $"completer (propensity above {options.TrimAbove}) and were given no weight.";
        if (fit.CompletersOutsideSupport > 0)
            yield return $"{Verdicts.Percent(fit.CompletersOutsideSupport, 1)} of completers have no comparable " +
                         $"non-completers; for them the estimate leans on the outcome model.";
        if (checks.PlaceboP < 0.05)
            yield return $"Placebo failed ({Verdicts.P(checks.PlaceboP!.Value)}): the headline estimator finds an " +
                         $"'effect' at fake completion dates before the real ones, so completers' {metric.Name} " +
                         $"already moved differently and part of the estimate may be a trend.";
        if (checks.EffectiveControls < 0.2 * stack.DistinctControls)
            yield return $"Weak overlap: the weighted comparison group is worth {checks.EffectiveControls:0} people " +
                         $"of {stack.DistinctControls}.";
        foreach (var w in EffectSize(metric, stack, fit, checks)) yield return w;
        if (checks.PretrendP < 0.05)
            yield return $"Pre-trend test {Verdicts.P(checks.PretrendP!.Value)}: completers' {metric.Name} trended " +
                         $"differently before completion, by up to {Verdicts.Figure(checks.LargestPreDeviation)} " +
                         $"{metric.Unit}.";
        if (checks.SpecHigh - checks.SpecLow > 2 * fit.StdError)
            yield return $"The estimate depends on the method: from {Verdicts.Figure(checks.SpecLow, 2)} to " +
                         $"{Verdicts.Figure(checks.SpecHigh, 2)} {metric.Unit}.";
    }

    static IEnumerable<string> EffectSize(PerformanceMetric metric, Stack stack, HeadlineFit fit, PairChecks checks)
    {
        // Only an effect can be fragile or small: for an interval that includes zero there is nothing to erase.
        var significant = fit.CiLow > 0 || fit.CiHigh < 0;
        if (!significant) yield break;
        if (checks.Robustness < 0.05) yield return $"Fragile: {checks.Sensitivity}";
        var baseline = Baseline(stack);
        // With tens of thousands of people a change of a fraction of a percent is statistically clear; say
        // so, because "improved" or "worsened" alone reads as a change worth acting on.
        if (Math.Abs(baseline) > 1e-9 && Math.Abs(fit.Dr.Value / baseline) < SmallEffect)
            yield return $"Clear but small: {Verdicts.Percent(Math.Abs(fit.Dr.Value / baseline), 1)} of completers' " +
                         $"baseline {metric.Name}. Many people make even a tiny change statistically clear; whether " +
                         $"it matters for the work is a judgement, not a statistic.";
    }

    internal static double Baseline(Stack stack) =>
        Enumerable.Range(0, stack.Rows).Where(i => stack.Treated[i]).Select(i => stack.PreMean[i])
            .DefaultIfEmpty(double.NaN).Average();
}
