using Impact.Models.Estimation;
using Impact.Models.Insights;
using Impact.Models.Panels;

namespace Impact.Models.Runs;

/// <summary>Every intervention × performance metric pair of an organisation (or the filtered ones), estimated.</summary>
public static class EstimateRunner
{
    /// <remarks>
    /// Pairs run side by side, one per core: every learner is single-threaded (NumberOfThreads = 1, for
    /// repeatable fits) and every pair has its own seeded MLContext and reads its panel only, so the
    /// results are the same as one after another, in the same order.
    /// </remarks>
    public static List<PairResult> EstimateAll(Organisation org, EstimateOptions options, string? metricId, string? interventionId,
        CancellationToken ct, Action<string>? progress = null)
    {
        var metrics = org.Metrics.Where(m => metricId is null || m.Id == metricId).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var interventions = org.Interventions.Where(i => interventionId is null || i.Id == interventionId)
            .OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var panels = metrics.Select(m => PanelBuilder.Build(org, m)).ToArray();
        var highPerformers = new List<string>[metrics.Count];
        var pairs = Enumerable.Range(0, metrics.Count).SelectMany(m => interventions.Select(i => (Metric: m, Intervention: i.Id))).ToArray();
        var results = new PairResult[pairs.Length];

        // One work list: each metric's high-performer description, then every pair.
        var work = Enumerable.Range(0, metrics.Count).Select(m => -1 - m).Concat(Enumerable.Range(0, pairs.Length)).ToArray();
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, item =>
        {
            if (item < 0)
            {
                var m = -1 - item;
                highPerformers[m] = options.Insights ? HighPerformers.Describe(panels[m], options, ct) : [];
                return;
            }
            var (metric, intervention) = pairs[item];
            progress?.Invoke($"{intervention} × {metrics[metric].Id}");
            results[item] = PairEstimator.Estimate(panels[metric], intervention, options, ct);
        });
        return results.Select((r, i) => r with { HighPerformers = highPerformers[pairs[i].Metric] }).ToList();
    }
}
