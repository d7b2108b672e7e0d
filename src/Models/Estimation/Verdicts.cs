using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>What a verdict is judged from: the estimate, its interval and power, and the pre-period evidence.</summary>
public sealed record VerdictInput(PerformanceMetric Metric, InterventionRow Intervention, double Estimate, double CiLow,
    double CiHigh, double MinimumDetectable, double? PretrendP, double LargestPreDeviation);

/// <summary>
/// A verdict in words, with the parallel-trends breakdown value behind it (null: nothing to overturn).
/// </summary>
public sealed record Verdict(string Status, string Word, string Reason, double? Breakdown, string? TrendSensitivity);

/// <summary>
/// From an estimate to words: improved, worsened (direction-aware), no meaningful effect, inconclusive,
/// no detectable effect (when the metric has no smallest meaningful change), or not enough evidence.
/// </summary>
public static class Verdicts
{
    // The words stored in estimate_results.verdict and printed by `impact estimate`; the pages and the CLI
    // use these constants, and the dashboard only adds labels and colours (VerdictDisplay).
    public const string Improved = "improved";
    public const string Worsened = "worsened";
    public const string NoMeaningfulEffect = "no_meaningful_effect";
    public const string Inconclusive = "inconclusive";
    public const string NoDetectableEffect = "no_detectable_effect";
    public const string Insufficient = "insufficient_data";

    /// <summary>Every verdict, in the order the pages list them.</summary>
    public static readonly IReadOnlyList<string> All =
        [Improved, Worsened, NoMeaningfulEffect, Inconclusive, NoDetectableEffect, Insufficient];

    /// <summary>Verdicts that come with an estimate: each was a test at the 95% level.</summary>
    public static bool HasEstimate(string? verdict) =>
        verdict is Improved or Worsened or NoMeaningfulEffect or Inconclusive or NoDetectableEffect;

    public static Verdict Insufficiently(string reason) =>
        new(PairStatus.InsufficientData, Insufficient, reason, null, null);

    public static Verdict Decide(VerdictInput v, EstimateOptions options)
    {
        if (!double.IsFinite(v.Estimate) || !double.IsFinite(v.CiLow))
            return Insufficiently("The estimate could not be computed from the data available.");
        var word = Word(v);
        var trend = ParallelTrends.Judge(v, word);
        if (v.PretrendP < options.PretrendBlock && trend.Breakdown < 1)
            return Insufficiently($"Completers' {v.Metric.Name} was already moving differently from the comparison " +
                $"group before completion (pre-trend {P(v.PretrendP!.Value)}, largest deviation " +
                $"{Figure(v.LargestPreDeviation)}{UnitOf(v.Metric)}), and a violation of that size after completion " +
                $"would overturn the verdict, so no before-and-after comparison is trustworthy.");
        return new Verdict(PairStatus.Estimated, word, Reason(v, word), trend.Breakdown, trend.Sentence);
    }

    static string Word(VerdictInput v)
    {
        var meaningful = v.Metric.SmallestMeaningfulChange;
        if (meaningful is { } m && v.CiLow >= -m && v.CiHigh <= m) return NoMeaningfulEffect;
        if (v.CiLow <= 0 && v.CiHigh >= 0) return meaningful is null ? NoDetectableEffect : Inconclusive;
        return v.Metric.Sign * v.Estimate > 0 ? Improved : Worsened;
    }

    static string Reason(VerdictInput v, string word)
    {
        var unit = UnitOf(v.Metric);
        var (i, m) = (v.Intervention.Name, v.Metric.Name);
        var range = $"{Figure(v.CiLow)} to {Figure(v.CiHigh)}{unit}";
        var smallest = Figure(Math.Abs(v.MinimumDetectable));
        var detectable = $"with this data the smallest effect it could detect is {smallest}{unit}";
        var moved = v.Estimate > 0 ? "raised" : "lowered";
        return word switch
        {
            Improved or Worsened => $"{i} {moved} {m} by {Figure(Math.Abs(v.Estimate))}{unit} per period — " +
                                    $"{(word == Improved ? "an improvement" : "a deterioration")}: " +
                                    $"{Figure(v.Estimate)}{unit} (95% CI {range}).",
            NoMeaningfulEffect => $"No meaningful effect of {i} on {m}: the 95% interval ({range}) rules out changes " +
                                  $"larger than {Figure(v.Metric.SmallestMeaningfulChange!.Value)}{unit}, the " +
                                  $"smallest change its owner counts as meaningful.",
            Inconclusive => $"Inconclusive: the effect of {i} on {m} could be anywhere from {range}; {detectable}, " +
                            $"and the smallest change that matters is " +
                            $"{Figure(v.Metric.SmallestMeaningfulChange!.Value)}{unit}.",
            _ => $"No detectable effect of {i} on {m}: the 95% interval runs from {range}, so it includes zero; " +
                 $"{detectable}. A smallest meaningful change for the metric would tell 'no meaningful effect' from " +
                 $"'inconclusive'.",
        };
    }

    static string UnitOf(PerformanceMetric metric) => string.IsNullOrEmpty(metric.Unit) ? "" : " " + metric.Unit;

    /// <summary>A p-value in a sentence: "p = 0.034", or "p < 0.0001" rather than a bare zero.</summary>
    public static string P(double p) => p < 0.0001 ? "p < 0.0001" : "p = " + Figure(p, 4);

    /// <summary>A share in a sentence, "12.5%": the invariant culture would write "12.5 %".</summary>
    public static string Percent(double? share, int decimals = 0) =>
        share is { } v ? Figure(v * 100, decimals) + "%" : "–";

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
    public static (double? Benefit, double? Low, double? High, double? Roi) Of(PerformanceMetric metric,
        InterventionRow intervention, double estimate, double ciLow, double ciHigh, int postPeriods)
    {
        if (metric.ValuePerUnit is not { } perUnit || postPeriods == 0) return (null, null, null, null);
        double Benefit(double e) => metric.Sign * e * perUnit * postPeriods;
        var (a, b) = (Benefit(ciLow), Benefit(ciHigh));
        double? roi = intervention.CostPerParticipant is > 0 and var cost ? (Benefit(estimate) - cost) / cost : null;
        return (Benefit(estimate), Math.Min(a, b), Math.Max(a, b), roi);
    }
}
