using System.Globalization;
using Dapper;
using Impact.Models.Panels;
using Impact.Models.Runs;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;

namespace Impact.Dashboard.Caching;

/// <summary>
/// What the pages' figures were read from, as one string: the estimate run they show (the latest that
/// succeeded), the newest run's state and progress (the overview says it), the warehouse's data version (last
/// ingest run and the trigger-kept row counts, <see cref="WarehouseReader.DataVersionAsync"/>) and the KPI sum
/// (a corrected value moves it even where no count does). Every write that could change a page changes it:
/// ingest always opens a new run, an estimate run stores its pairs and then its status.
/// </summary>
public static class DataStamp
{
    /// <summary>The stamp, or null while an ingest is writing: its batches land under one run id, so a value
    /// corrected by a later batch would not move the stamp, and nothing read then may be kept.</summary>
    public static async Task<string?> ReadAsync(Database warehouse, CancellationToken ct)
    {
        var data = await WarehouseReader.DataVersionAsync(warehouse, ct);
        await using var db = await warehouse.OpenAsync(ct);
        var s = await db.QuerySingleAsync<(long Writing, long? Shown, double? KpiSum)>(new CommandDefinition("""
            SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM ingest_runs WHERE outcome = @running),
                   (SELECT MAX(run_id) FROM estimate_runs WHERE status = @succeeded),
                   (SELECT CAST(SUM(total) AS DOUBLE PRECISION) FROM kpi_period_stats)
            """, new { running = IngestOutcome.Running, succeeded = EstimateRunStatus.Succeeded },
            cancellationToken: ct));
        if (s.Writing > 0) return null;
        var newest = await db.QuerySingleOrDefaultAsync<Pages.RunState>(new CommandDefinition(
            warehouse.Dialect.Page(Pages.RunState.Sql, 1), cancellationToken: ct));
        var shown = s.Shown?.ToString(CultureInfo.InvariantCulture) ?? "none";
        var progress = newest is null ? "none"
            : $"{newest.RunId}:{newest.Status}:{newest.PairsDone}/{newest.PairsTotal}:{newest.HeartbeatAt}";
        return $"run:{shown};newest:{progress};{data};kpi-sum:{s.KpiSum?.ToString("R", CultureInfo.InvariantCulture)}";
    }
}
