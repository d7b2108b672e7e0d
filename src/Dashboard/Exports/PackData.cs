using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;

namespace Impact.Dashboard.Exports;

/// <summary>The estimate run a pack is made from, and the data version it read.</summary>
public sealed record PackRun(long RunId, string StartedAt, string DataVersion);

/// <summary>One intervention × metric result of the run, with the names, units, owner, value and cost
/// that the pack writes beside it.</summary>
public sealed record PackPair
{
    public string InterventionId { get; init; } = "";
    public string? InterventionName { get; init; }
    public double? CostPerParticipant { get; init; }
    public string? InterventionCurrency { get; init; }
    public string MetricId { get; init; } = "";
    public string MetricName { get; init; } = "";
    public string? Unit { get; init; }
    public string Owner { get; init; } = "";
    public double? ValuePerUnit { get; init; }
    public string? MetricCurrency { get; init; }
    public string Status { get; init; } = "";
    public string Verdict { get; init; } = "";
    public string Reason { get; init; } = "";
    public string? Detail { get; init; }

    public EstimateDetail Parsed => parsed ??= EstimateDetail.Parse(Detail);
    EstimateDetail? parsed;

    public string Intervention => string.IsNullOrWhiteSpace(InterventionName) ? InterventionId : InterventionName;
    public Measure Metric => new(MetricName, Unit);
    public bool Estimated => Verdicts.HasEstimate(Verdict) && Parsed.Estimate is not null;
    public string Currency => MetricCurrency ?? InterventionCurrency ?? "";
}

/// <summary>Everything a pack is drawn from, read once.</summary>
public sealed record PackData(PackRun Run, string? Owner, IReadOnlyList<PackPair> Pairs, string Freshness,
    IReadOnlyDictionary<string, IReadOnlyList<TrendPoint>> Trends,
    IReadOnlyDictionary<string, IReadOnlyList<CompletionWave>> Waves)
{
    /// <summary>Pairs with an estimate: one finding (slide, brief line, trend and event study) each.</summary>
    public IReadOnlyList<PackPair> Findings => Pairs.Where(p => p.Estimated).ToList();

    /// <summary>Pairs the run could not estimate, each with its reason (the deck's closing slide).</summary>
    public IReadOnlyList<PackPair> NotEstimated => Pairs.Where(p => !p.Estimated).ToList();

    public string Scope => Owner is null ? "All metric owners" : $"Metrics owned by {Owner}";
}
