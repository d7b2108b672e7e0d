using Impact.Dashboard.Display;

namespace Impact.Dashboard.Pages;

/// <summary>One metric's mean in one period, across its subjects.</summary>
public sealed record PeriodMean(string MetricId, string PeriodStart, double Mean);

/// <summary>
/// A metric card's headline: the latest period's mean and how far it moved since the first period shown,
/// judged against the metric's direction (handle time going down is better).
/// </summary>
public sealed record MetricChange(string FirstPeriod, double First, string LatestPeriod, double Latest,
    bool LowerIsBetter)
{
    public double Change => Latest - First;

    /// <summary>True better, false worse, null unchanged or a single period.</summary>
    public bool? Better => FirstPeriod == LatestPeriod || Change == 0 ? null : Change > 0 != LowerIsBetter;

    public string Arrow => Change > 0 ? "▲" : Change < 0 ? "▼" : "→";

    /// <summary>The change in words, so the arrow's colour and shape are never the only carriers.</summary>
    public string Word => Better switch { true => "better", false => "worse", null => "no change" };

    public string Css => Better switch { true => "better", false => "worse", null => "steady" };

    public static MetricChange? Of(IEnumerable<PeriodMean> means, string direction)
    {
        var ordered = means.OrderBy(m => m.PeriodStart, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0) return null;
        return new MetricChange(ordered[0].PeriodStart, ordered[0].Mean, ordered[^1].PeriodStart, ordered[^1].Mean,
            direction == "lower_is_better");
    }

    public string Sentence(string? unit) => FirstPeriod == LatestPeriod
        ? $"one period so far ({LatestPeriod})"
        : $"{Format.WithUnit(Format.Signed(Change), unit)} since {FirstPeriod}, {Word}";
}
