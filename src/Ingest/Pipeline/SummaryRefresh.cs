using System.Data.Common;
using System.Diagnostics;
using Impact.Warehouse;
using Impact.Warehouse.Runs;
using Impact.Warehouse.Summaries;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// The end of every ingest (a run, or a folder load after its last file): the KPI sums per team, role and
/// location (<see cref="KpiGroupStats"/>) are recomputed if the run left them stale, so the filtered metric trend
/// reads a few summed rows again. Nothing here can make a page wrong: until a refresh commits, the sums are stale
/// and the page reads the KPI rows themselves. So a refresh that fails is logged, not the run's failure, and the
/// next ingest tries again; a stopped run (Ctrl+C) or a dry run does not refresh.
/// </summary>
public static class SummaryRefresh
{
    public const string Phase = "KPI sums per team, role and location: refresh";

    internal static async Task AfterIngestAsync(Database warehouse, IngestOptions options, CancellationToken ct)
    {
        if (options.DryRun || ct.IsCancellationRequested) return;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await KpiGroupStats.RefreshIfStaleAsync(warehouse, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e) when (e is DbException or ImpactException)
        {
            FailureLog.Write(e, "refreshing the KPI sums per team, role and location after an ingest");
        }
        options.Phases?.Add(Phase, started);
    }
}
