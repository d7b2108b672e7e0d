using System.Collections.Concurrent;
using Impact.Models.Estimation;
using Impact.Models.Insights;
using Impact.Models.Panels;

namespace Impact.Models.Runs;

/// <summary>Every intervention × performance metric pair of an organisation (or the filtered ones),
/// estimated.</summary>
public static class OrganisationEstimator
{
    /// <remarks>
    /// Pairs run side by side, one per core: every learner is single-threaded (NumberOfThreads = 1, for
    /// repeatable fits) and every pair has its own seeded MLContext and reads its panel only, so the
    /// results are the same as one after another, in the same order.
    /// </remarks>
    public static List<PairResult> EstimateAll(Organisation org, EstimateOptions options, string? metricId,
        string? interventionId,
        CancellationToken ct, Action<string>? progress = null)
    {
        var metrics = org.Metrics.Where(m => metricId is null || m.Id == metricId).OrderBy(m => m.Id,
            StringComparer.Ordinal).ToList();
        var interventions = org.Interventions.Where(i => interventionId is null || i.Id == interventionId)
            .OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = ct };
        var panels = new Panel[metrics.Count];
        Parallel.For(0, metrics.Count, parallel, m => panels[m] = PanelBuilder.Build(org, metrics[m]));
        var highPerformers = new List<string>[metrics.Count];
        var pairs = Enumerable.Range(0, metrics.Count).SelectMany(m =>
            interventions.Select(i => (Metric: m, Intervention: i.Id))).ToArray();
        var results = new PairResult[pairs.Length];

        // One work list, taken one item at a time by whichever core is free, longest first (a pair's
        // work grows with its completers) so that no core is left with one big pair at the end:
        // each metric's high-performer description, then every pair.
        int Completers(int pair) =>
            panels[pairs[pair].Metric].TreatedOn[pairs[pair].Intervention].Count(d => d is not null);
        var work = Enumerable.Range(0, metrics.Count).Select(m => -1 - m)
            .Concat(Enumerable.Range(0, pairs.Length).OrderByDescending(Completers).ThenBy(p => p)).ToArray();
        Parallel.ForEach(Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering), parallel, item =>
        {
            if (item < 0)
            {
                var m = -1 - item;
                highPerformers[m] = options.Insights ? HighPerformers.Describe(panels[m], options, ct) : [];
                return;
            }
            var (metric, intervention) = pairs[item];
            progress?.Invoke($"estimating {intervention} × {metrics[metric].Id}");
            results[item] = PairEstimator.Estimate(panels[metric], intervention, options, ct);
        });
        return FalseDiscovery.AcrossRun(
            results.Select((r, i) => r with { HighPerformers = highPerformers[pairs[i].Metric] }).ToList());
    }
}
