using Impact.Models.Estimation;
using Impact.Models.Insights;
using Impact.Models.Panels;

namespace Impact.Models.Runs;

/// <summary>Every intervention × performance metric pair of an organisation (or the filtered ones), estimated.</summary>
public static class EstimateRunner
{
    public static List<PairResult> EstimateAll(Organisation org, EstimateOptions options, string? metricId, string? interventionId,
        CancellationToken ct, Action<string>? progress = null)
    {
        var results = new List<PairResult>();
        foreach (var metric in org.Metrics.Where(m => metricId is null || m.Id == metricId).OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var panel = PanelBuilder.Build(org, metric);
            var highPerformers = options.Insights ? HighPerformers.Describe(panel, options, ct) : [];
            foreach (var intervention in org.Interventions.Where(i => interventionId is null || i.Id == interventionId).OrderBy(i => i.Id, StringComparer.Ordinal))
            {
                progress?.Invoke($"{intervention.Id} × {metric.Id}");
                var result = PairEstimator.Estimate(panel, intervention.Id, options, ct);
                results.Add(result with { HighPerformers = highPerformers });
            }
        }
        return results;
    }
}
