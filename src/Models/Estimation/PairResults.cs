namespace Impact.Models.Estimation;

/// <summary>Puts a fitted pair into its result, and strips a blocked one of every estimate.</summary>
public static class PairResults
{
    public static PairResult Estimated(PairResult shell, Stack stack, HeadlineFit fit, PairChecks checks,
        Verdict verdict, double mde, EstimateOptions options)
    {
        var metric = stack.Panel.Metric;
        var intervention = stack.Panel.Interventions[stack.InterventionId];
        var value = Value.Of(metric, intervention, fit.Dr.Value, fit.CiLow, fit.CiHigh, shell.PostPeriods ?? 0);
        var baseline = PairWarnings.Baseline(stack);
        return Finite(shell with
        {
            Status = verdict.Status, Verdict = verdict.Word, Reason = verdict.Reason, Estimate = fit.Dr.Value,
            StdError = fit.StdError,
            CiLow = fit.CiLow, CiHigh = fit.CiHigh,
            PValue = fit.StdError > 0 ? Inference.PValue(fit.Dr.Value / fit.StdError, fit.Clusters) : null,
            RelativeEffect = Math.Abs(baseline) > 1e-9 ? fit.Dr.Value / baseline : null,
            NTreated = fit.Dr.Treated, NControl = fit.Dr.Controls, Clusters = fit.Clusters,
            NaiveDifference = fit.Naive.Value, DidEstimate = fit.Did.Value, IpwEstimate = fit.Ipw.Value,
            OutcomeRegressionEstimate = fit.OutcomeRegression.Value, LaggedOutcomeEstimate = fit.Lagged,
            DrLinearEstimate = fit.DrLinear.Value,
            Nuisance = options.Nuisance == NuisanceKind.Linear ? "linear" : "lightgbm",
            PretrendP = checks.PretrendP, LargestPreDeviation = checks.LargestPreDeviation, PlaceboP = checks.PlaceboP,
            Breakdown = verdict.Breakdown, ParallelTrendsSensitivity = verdict.TrendSensitivity,
            EffectiveNControl = checks.EffectiveControls, Robustness = checks.Robustness,
            Sensitivity = checks.Sensitivity,
            SpecLow = checks.SpecLow, SpecHigh = checks.SpecHigh, MinimumDetectableEffect = Math.Abs(mde),
            BenefitPerParticipant = value.Benefit, BenefitCiLow = value.Low, BenefitCiHigh = value.High,
            Roi = value.Roi,
            TrimmedComparisonShare = fit.TrimmedComparisonShare,
            CompletersOutsideSupport = fit.CompletersOutsideSupport,
            EventStudy = EventStudyPoints(stack, checks),
            EventStudyReference = stack.Cohorts.Min(c => c.Reference - c.Index),
            Heterogeneity = options.Insights ? Heterogeneity.Of(stack, fit, options) : [],
        });
    }

    /// <summary>
    /// A pair blocked after fitting (a clear and large pre-trend) keeps its diagnostics — the event study
    /// and tests that show why — but no estimate, interval, benefit or return: a number beside
    /// "not enough evidence" would be read as an answer.
    /// </summary>
    public static PairResult Blocked(PairResult result, string reason) => result with
    {
        Status = Verdicts.Insufficient, Verdict = Verdicts.Insufficient, Reason = reason,
        Estimate = null, StdError = null, CiLow = null, CiHigh = null, PValue = null, RelativeEffect = null,
        DidEstimate = null, IpwEstimate = null, OutcomeRegressionEstimate = null, LaggedOutcomeEstimate = null,
        DrLinearEstimate = null,
        SpecLow = null, SpecHigh = null, MinimumDetectableEffect = null, Breakdown = null,
        ParallelTrendsSensitivity = null,
        BenefitPerParticipant = null, BenefitCiLow = null, BenefitCiHigh = null, Roi = null, Robustness = null,
        Sensitivity = null,
        Heterogeneity = [],
    };

    /// <summary>
    /// The event study as printed and charted, with the reference period in place: zero by construction (every
    /// other period is measured against it), so a chart shows where the comparison is anchored.
    /// </summary>
    static List<EventStudyPoint> EventStudyPoints(Stack stack, PairChecks checks)
    {
        var points = checks.Events
            .Select(e => new EventStudyPoint(e.Relative, e.Att.Value, e.Att.CiLow, e.Att.CiHigh)).ToList();
        var reference = stack.Cohorts.Min(c => c.Reference - c.Index);
        if (points.Count > 0 && points.All(p => p.RelativePeriod != reference))
            points.Add(new EventStudyPoint(reference, 0, 0, 0));
        return points.OrderBy(p => p.RelativePeriod).ToList();
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
}
