using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Warehouse;

namespace Impact.Models.Runs;

/// <summary>
/// One stored estimate run end to end: record it, read the warehouse, estimate every (filtered) pair,
/// store the results — or record why it failed or was cancelled. The CLI, the dashboard's first start
/// and scheduled jobs all run estimates through this.
/// </summary>
public static class EstimateJob
{
    public sealed record Outcome(long RunId, IReadOnlyList<PairResult> Results);

    public static async Task<Outcome> RunAsync(Database warehouse, EstimateOptions options, string? metricId, string? interventionId,
        Action<string>? progress, CancellationToken ct)
    {
        var parameters = new { metric = metricId, intervention = interventionId, options.Pre, options.Post, options.Anticipation, options.Folds, options.Bootstrap, options.Seed };
        var runId = await EstimateRunTables.BeginAsync(warehouse, parameters, await WarehouseReader.DataVersionAsync(warehouse, ct), ct);
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var org = await WarehouseReader.ReadAsync(warehouse, metricId, ct);
            progress?.Invoke($"read {org.Employees.Count:N0} employees, {org.Completions.Count:N0} completions and {org.Kpis.Count:N0} KPI observations in {watch.Elapsed.TotalSeconds:0.0} s");
            watch.Restart();
            var results = OrganisationEstimator.EstimateAll(org, options, metricId, interventionId, ct, progress);
            progress?.Invoke($"estimated {results.Count} pair(s) in {watch.Elapsed.TotalSeconds:0.0} s");
            await EstimateRunTables.CompleteAsync(warehouse, runId, results, ct);
            return new Outcome(runId, results);
        }
        catch (OperationCanceledException)
        {
            await EstimateRunTables.EndAsync(warehouse, runId, EstimateRunStatus.Cancelled, "Cancelled.");
            throw;
        }
        catch (Exception e)
        {
            await EstimateRunTables.EndAsync(warehouse, runId, EstimateRunStatus.Failed, e.Message);
            throw;
        }
    }
}
