using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>From an estimate to words: improved, worsened (direction-aware), no detectable effect, or not enough evidence.</summary>
public static class Verdicts
{
    // The words stored in estimate_results.verdict and printed by `impact estimate`; the pages and the CLI
    // use these constants, and the dashboard only adds labels and colours (VerdictDisplay).
    public const string Improved = "improved";
    public const string Worsened = "worsened";
    public const string NoEffect = "no_detectable_effect";
    public const string Insufficient = "insufficient_data";

    /// <summary>Every verdict, in the order the pages list them.</summary>
    public static readonly IReadOnlyList<string> All = [Improved, Worsened, NoEffect, Insufficient];

    public static (string Status, string Verdict, string Reason) Decide(PerformanceMetric metric, InterventionRow intervention,
        double estimate, double ciLow, double ciHigh, double? pretrendP, EstimateOptions options)
    {
        if (!double.IsFinite(estimate) || !double.IsFinite(ciLow))
            return (PairStatus.InsufficientData, Insufficient, "The estimate could not be computed from the data available.");
        if (pretrendP < options.PretrendBlock)
            return (PairStatus.InsufficientData, Insufficient,
                $"Completers' {metric.Name} was already moving differently from the comparison group before completion (pre-trend p = {pretrendP:0.####}), so no before-and-after comparison is trustworthy.");
        var unit = string.IsNullOrEmpty(metric.Unit) ? "" : " " + metric.Unit;
        var range = $"{Figure(estimate)}{unit} (95% CI {Figure(ciLow)} to {Figure(ciHigh)})";
        if (ciLow <= 0 && ciHigh >= 0)
            return (PairStatus.Estimated, NoEffect, $"No detectable effect of {intervention.Name} on {metric.Name}: {range}; the interval includes zero.");
        var better = metric.Sign * estimate > 0;
        var word = estimate > 0 ? "raised" : "lowered";
        return better
            ? (PairStatus.Estimated, Improved, $"{intervention.Name} {word} {metric.Name} by {Math.Abs(estimate):0.###}{unit} per period — an improvement: {range}.")
            : (PairStatus.Estimated, Worsened, $"{intervention.Name} {word} {metric.Name} by {Math.Abs(estimate):0.###}{unit} per period — a deterioration: {range}.");
    }

    /// <summary>A share in a sentence, "12.5%": the invariant culture would write "12.5 %".</summary>
    public static string Percent(double? share, int decimals = 0) => share is { } v ? Figure(v * 100, decimals) + "%" : "–";

    /// <summary>A figure in a sentence: up to three decimals, and never "-0" for a tiny negative.</summary>
    public static string Figure(double value, int decimals = 3)
    {
        var rounded = Math.Round(value, decimals) + 0.0; // adding +0.0 turns −0 into 0
        return rounded.ToString("0." + new string('#', decimals), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Phillips' level 5: the benefit per participant over the post window (effect × value per unit ×
/// periods, direction-aware) and the return per unit spent, from the causal estimate. Missing value or
/// cost gives nulls, never an invented figure.
/// </summary>
public static class Value
{
    public static (double? Benefit, double? Low, double? High, double? Roi) Of(PerformanceMetric metric, InterventionRow intervention,
        double estimate, double ciLow, double ciHigh, int postPeriods)
    {
        if (metric.ValuePerUnit is not { } perUnit || postPeriods == 0) return (null, null, null, null);
        double Benefit(double e) => metric.Sign * e * perUnit * postPeriods;
        var (a, b) = (Benefit(ciLow), Benefit(ciHigh));
        double? roi = intervention.CostPerParticipant is > 0 and var cost ? (Benefit(estimate) - cost) / cost : null;
        return (Benefit(estimate), Math.Min(a, b), Math.Max(a, b), roi);
    }
}
