using Impact.Models.Estimation;

namespace Impact.Dashboard.Pages;

/// <summary>
/// Interventions × performance metrics from one estimate run: a cell per estimated pair, empty where the run
/// did not estimate the pair. The overview draws it as a table, so every cell carries the verdict's word, not
/// only its colour, and links to the pair's evidence.
/// </summary>
public sealed class ImpactMatrix
{
    readonly Dictionary<(string Intervention, string Metric), IndexModel.Pair> cells;

    public ImpactMatrix(IReadOnlyList<IndexModel.Pair> pairs, IReadOnlyList<IndexModel.MetricRow> metrics)
    {
        cells = pairs.ToDictionary(p => (p.InterventionId, p.MetricId));
        var estimatedMetrics = pairs.Select(p => p.MetricId).ToHashSet(StringComparer.Ordinal);
        Metrics = metrics.Where(m => estimatedMetrics.Contains(m.MetricId)).ToList();
        Interventions = pairs.GroupBy(p => p.InterventionId)
            .Select(g => new Row(g.Key, g.First().InterventionName ?? g.Key))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public sealed record Row(string InterventionId, string Name);

    public IReadOnlyList<Row> Interventions { get; }

    /// <summary>The columns: metrics the run estimated at least one intervention on, grouped by owner.</summary>
    public IReadOnlyList<IndexModel.MetricRow> Metrics { get; }

    public IndexModel.Pair? Cell(string interventionId, string metricId) =>
        cells.GetValueOrDefault((interventionId, metricId));

    /// <summary>Completion is not impact: per estimated pair, what a completion dashboard would say beside the
    /// causal effect. Pairs without an estimate have no causal number to set beside it.</summary>
    public IEnumerable<IndexModel.Pair> CompletionRows =>
        Interventions.SelectMany(i => Metrics.Select(m => Cell(i.InterventionId, m.MetricId)))
            .OfType<IndexModel.Pair>().Where(p => Verdicts.HasEstimate(p.Verdict));
}
