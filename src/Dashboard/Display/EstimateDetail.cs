using System.Globalization;
using System.Text.Json;

namespace Impact.Dashboard.Display;

/// <summary>One point of an event study: the effect in a period relative to completion (negative = before).</summary>
public sealed record EventPoint(int RelativePeriod, double Estimate, double? CiLow, double? CiHigh);

/// <summary>
/// The <c>detail</c> JSON of an estimate result: the object <c>impact estimate --json</c> prints per pair.
/// Read tolerantly: any field may be null, absent, a string holding a number, or of an older shape;
/// what cannot be read is simply not shown, and a page never fails on it.
/// </summary>
public sealed record EstimateDetail(
    double? Estimate, double? StdError, double? CiLow, double? CiHigh, double? RelativeEffect,
    long? NTreated, long? NControl, double? NaiveDifference, double? DidEstimate, double? CompletionRate,
    double? PretrendP, string? Method, int? Anticipation, double? PlaceboP, double? EffectiveNControl,
    double? Robustness, double? SpecLow, double? SpecHigh, double? BenefitPerParticipant, double? BenefitCiLow,
    double? BenefitCiHigh, double? Roi,
    IReadOnlyList<string> Warnings, IReadOnlyList<EventPoint> EventStudy, bool Unreadable)
{
    /// <summary>Benjamini–Hochberg q-value across the run, and whether an effect verdict survives it.</summary>
    public double? QValue { get; init; }
    public bool? SurvivesFdr { get; init; }
    public long? Clusters { get; init; }
    public string? ClusterLevel { get; init; }
    public double? MinimumDetectableEffect { get; init; }
    public double? LargestPreDeviation { get; init; }
    public string? ParallelTrendsSensitivity { get; init; }

    /// <summary>What the false-discovery check says, as a suffix to the q-value ("" when it was not run).</summary>
    public string FdrNote => SurvivesFdr switch
    {
        true => " · survives the false-discovery check",
        false => " · does not survive the false-discovery check",
        _ => "",
    };

    /// <summary>"20 teams", "800 people": how many independent units the interval rests on.</summary>
    public string? ClusterCount =>
        Clusters is { } g ? $"{Format.Count(g)} {(ClusterLevel == "team" ? "teams" : "people")}" : null;

    public static readonly EstimateDetail None = new(null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, [], [], false);

    public static EstimateDetail Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return None;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object) return None with { Unreadable = true };
            return new EstimateDetail(
                Num(o, "estimate"), Num(o, "std_error"), Num(o, "ci_low"), Num(o, "ci_high"), Num(o, "relative_effect"),
                (long?)Num(o, "n_treated"), (long?)Num(o, "n_control"), Num(o, "naive_difference"),
                Num(o, "did_estimate"),
                Num(o, "completion_rate"), Num(o, "pretrend_p"), Text(o, "method"), (int?)Num(o, "anticipation"),
                Num(o, "placebo_p"), Num(o, "effective_n_control"), Num(o, "robustness"), Num(o, "spec_low"),
                Num(o, "spec_high"), Num(o, "benefit_per_participant"), Num(o, "benefit_ci_low"),
                Num(o, "benefit_ci_high"), Num(o, "roi"),
                ReadWarnings(o), ReadEvents(o), false)
            {
                QValue = Num(o, "q_value"), SurvivesFdr = Bool(o, "survives_fdr"), Clusters = (long?)Num(o, "clusters"),
                ClusterLevel = Text(o, "cluster_level"), MinimumDetectableEffect = Num(o, "minimum_detectable_effect"),
                LargestPreDeviation = Num(o, "largest_pre_deviation"),
                ParallelTrendsSensitivity = Text(o, "parallel_trends_sensitivity"),
            };
        }
        catch (JsonException)
        {
            return None with { Unreadable = true };
        }
    }

    static double? Num(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v)) return null;
        double? value = v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture,
                out var d) => d,
            _ => null,
        };
        return value is { } x && double.IsFinite(x) ? x : null;
    }

    static bool? Bool(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;

    static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static List<string> ReadWarnings(JsonElement o) =>
        o.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array
            ? w.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
                .Where(s => s.Length > 0).ToList()
            : [];

    static List<EventPoint> ReadEvents(JsonElement o)
    {
        if (!o.TryGetProperty("event_study", out var es) || es.ValueKind != JsonValueKind.Array) return [];
        var points = new List<EventPoint>();
        foreach (var e in es.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object) continue;
            if (Num(e, "relative_period") is not { } period || Num(e, "estimate") is not { } estimate) continue;
            points.Add(new EventPoint((int)period, estimate, Num(e, "ci_low"), Num(e, "ci_high")));
        }
        return points.OrderBy(p => p.RelativePeriod).ToList();
    }
}
