namespace Impact.Dashboard.Charts;

// The plain data each chart is drawn from: no page models, so a page and the export pack draw the same
// chart from their own queries.

/// <summary>One cell of the impact matrix: the verdict of an intervention on a metric, and its effect in
/// words ("+4.2 %", or "" when there is none).</summary>
public sealed record MatrixCell(string Intervention, string Metric, string Verdict, string Effect);

/// <summary>One intervention on one metric: how many completed, what a completion dashboard would say
/// (completers minus the rest) and the causal effect with its 95% interval.</summary>
public sealed record CompletionVsEffect(string Intervention, double? CompletionRate, double? NaiveDifference,
    double? Effect, double? CiLow, double? CiHigh, string Verdict);

/// <summary>A metric's mean in one period.</summary>
public sealed record TrendPoint(DateOnly Period, double Mean);

/// <summary>How many people finished the intervention in one period (a completion wave).</summary>
public sealed record CompletionWave(DateOnly Period, long Completers);

/// <summary>The effect in one period relative to completion (negative: before), with its 95% interval.</summary>
public sealed record EffectPoint(int RelativePeriod, double Estimate, double? CiLow, double? CiHigh);

/// <summary>What one intervention was worth on one metric per participant, with its 95% interval, and the
/// return per unit spent when a cost is known.</summary>
public sealed record ValueBar(string Label, double Benefit, double Low, double High, double? Roi);

/// <summary>What an axis measures: a name and its unit ("Monthly sales", "EUR").</summary>
public sealed record Measure(string Name, string? Unit)
{
    public string Axis => string.IsNullOrWhiteSpace(Unit) ? Name : $"{Name} ({Unit})";
}

/// <summary>One survey item (or eNPS) across the waves: its organisation-wide value per wave, null where the
/// value is hidden for too few answers (the line then breaks rather than bridge a hidden wave).</summary>
public sealed record SurveySeries(string Label, IReadOnlyList<(DateOnly Wave, double? Value)> Points);
