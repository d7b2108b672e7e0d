using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Models.Runs;

/// <summary>
/// One stored estimate run end to end: record it, read the warehouse, estimate every (filtered) pair,
/// store the results — or record why it failed or was cancelled. The CLI, the dashboard's first start
/// and scheduled jobs all run estimates through this.
/// </summary>
public static class EstimateJob
{
    public sealed record Outcome(long RunId, IReadOnlyList<PairResult> Results);

    /// <param name="dates">The dates the models can place (the host's <see cref="DateWindow"/>).</param>
    public static async Task<Outcome> RunAsync(Database warehouse, EstimateOptions options, string? metricId,
        string? interventionId, Action<string>? progress, CancellationToken ct, DateWindow? dates = null)
    {
        var parameters = new { metric = metricId, intervention = interventionId, options.Pre, options.Post,
            options.Anticipation, options.Folds, options.Bootstrap, options.Seed };
        var runId = await EstimateRunTables.BeginAsync(warehouse, parameters,
            await WarehouseReader.DataVersionAsync(warehouse, ct), ct);
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var org = await WarehouseReader.ReadAsync(warehouse, metricId, ct, dates);
            progress?.Invoke($"read {org.Employees.Count:N0} employees, {org.Completions.Count:N0} completions and " +
                $"{org.Kpis.Count:N0} KPI observations in {watch.Elapsed.TotalSeconds:0.0} s");
            foreach (var sentence in org.LeftOut) progress?.Invoke("left out: " + sentence);
            watch.Restart();
            var results = OrganisationEstimator.EstimateAll(org, options, metricId, interventionId, ct, progress);
            progress?.Invoke($"estimated {results.Count} pair(s) in {watch.Elapsed.TotalSeconds:0.0} s");
            var leftOut = org.LeftOut.Count == 0 ? null : string.Join(" ", org.LeftOut);
            await EstimateRunTables.CompleteAsync(warehouse, runId, results, ct, leftOut);
            return new Outcome(runId, results);
        }
        catch (OperationCanceledException)
        {
            await EstimateRunTables.EndAsync(warehouse, runId, EstimateRunStatus.Cancelled,
                "Cancelled: no results were stored.");
            throw;
        }
        catch (Exception e)
        {
            // The run record gets the one sentence; the stack trace goes to the failure log.
            var sentence = e is ImpactException ? e.Message
                : Failure.Explain(e) + FailureLog.Pointer(FailureLog.Write(e, $"estimate run {runId}"));
            await EstimateRunTables.EndAsync(warehouse, runId, EstimateRunStatus.Failed, sentence);
            throw new ImpactException(sentence, e);
        }
    }
}
