namespace Impact.Ingest.Metrics;

/// <summary>
/// A performance metric: what it measures, which way is better, who owns it, what a unit is worth, and the
/// smallest change its owner counts as meaningful.
/// </summary>
public sealed record MetricDefinition(
    string MetricId, string Name, string? Unit, string Direction, string Owner, string Level,
    double? ValuePerUnit, string? Currency, double? SmallestMeaningfulChange = null);
