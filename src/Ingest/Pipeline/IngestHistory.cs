using Dapper;
using Impact.Warehouse;

namespace Impact.Ingest.Pipeline;

/// <summary>One recorded run, as ingest_runs holds it (properties, so each engine's integer types map).</summary>
public sealed record IngestRunRecord
{
    public long RunId { get; init; }
    public string Source { get; init; } = "";
    public string Location { get; init; } = "";
    public string? ContentHash { get; init; }
    public string? Profile { get; init; }
    public long DryRunFlag { get; init; }
    public bool DryRun => DryRunFlag != 0;
    public string StartedAt { get; init; } = "";
    public string? EndedAt { get; init; }
    public string Outcome { get; init; } = "";
    public long RowsRead { get; init; }
    public long RowsStored { get; init; }
    public long RowsUpdated { get; init; }
    public long RowsUnchanged { get; init; }
    public long RowsRejected { get; init; }
    public string? Message { get; init; }
}

/// <summary>Per source: when data last arrived (the newest real run that stored rows or found them unchanged).</summary>
public sealed record SourceFreshness
{
    public string Source { get; init; } = "";
    public string LastLoadedAt { get; init; } = "";
    public long RunId { get; init; }
}

/// <summary>Reads ingest_runs for <c>impact ingest history</c> and the dashboard's data page.</summary>
public static class IngestHistory
{
    public static async Task<IReadOnlyList<IngestRunRecord>> RecentAsync(Database warehouse, string? source, int limit, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var sql = warehouse.Dialect.Page(
            """
            SELECT run_id AS RunId, source AS Source, location AS Location, content_hash AS ContentHash, profile AS Profile,
                   dry_run AS DryRunFlag, started_at AS StartedAt, ended_at AS EndedAt, outcome AS Outcome, rows_read AS RowsRead,
                   rows_stored AS RowsStored, rows_updated AS RowsUpdated, rows_unchanged AS RowsUnchanged,
                   rows_rejected AS RowsRejected, message AS Message
            FROM ingest_runs WHERE (@source IS NULL OR source = @source) ORDER BY started_at DESC, run_id DESC
            """, limit);
        return (await db.QueryAsync<IngestRunRecord>(new CommandDefinition(sql, new { source }, cancellationToken: ct))).ToList();
    }

    public static async Task<IReadOnlyList<SourceFreshness>> FreshnessAsync(Database warehouse, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return (await db.QueryAsync<SourceFreshness>(new CommandDefinition(
            """
            SELECT r.source AS Source, r.ended_at AS LastLoadedAt, r.run_id AS RunId FROM ingest_runs r
            WHERE r.run_id = (SELECT MAX(x.run_id) FROM ingest_runs x
                              WHERE x.source = r.source AND x.dry_run = 0 AND x.outcome IN ('succeeded', 'partial'))
            ORDER BY r.source
            """, cancellationToken: ct))).ToList();
    }
}
