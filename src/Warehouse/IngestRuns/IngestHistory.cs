using Dapper;

namespace Impact.Warehouse.IngestRuns;

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

/// <summary>
/// How fresh one source is: its newest real run that stored data (succeeded, or partial with some rows
/// refused; null when none ever did) and its newest attempt. Dry runs store nothing, so they count for neither.
/// </summary>
public sealed record SourceFreshness(string Source, IngestRunRecord? LastSuccess, IngestRunRecord LastAttempt)
{
    public bool LastAttemptFailed => IngestOutcome.EndedWithoutData(LastAttempt.Outcome);
}

/// <summary>Reads ingest_runs: for <c>impact ingest history</c>, the dashboard's data page and scheduled
/// jobs.</summary>
public static class IngestHistory
{
    const string Columns = """
        SELECT r.run_id AS RunId, r.source AS Source, r.location AS Location, r.content_hash AS ContentHash,
               r.profile AS Profile, r.dry_run AS DryRunFlag, r.started_at AS StartedAt, r.ended_at AS EndedAt,
               r.outcome AS Outcome, r.rows_read AS RowsRead, r.rows_stored AS RowsStored,
               r.rows_updated AS RowsUpdated,
               r.rows_unchanged AS RowsUnchanged, r.rows_rejected AS RowsRejected, r.message AS Message
        FROM ingest_runs r
        """;

    /// <summary>The newest runs (dry runs included), of one source or of all.</summary>
    public static async Task<IReadOnlyList<IngestRunRecord>> RecentAsync(Database warehouse, string? source, int limit,
        CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var sql = warehouse.Dialect.Page($"""
            {Columns}
            WHERE (@source IS NULL OR r.source = @source) ORDER BY r.started_at DESC, r.run_id DESC
            """, limit);
        return (await db.QueryAsync<IngestRunRecord>(new CommandDefinition(sql, new { source }, cancellationToken: ct)))
            .ToList();
    }

    public static async Task<IngestRunRecord?> FindAsync(Database warehouse, long runId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await db.QuerySingleOrDefaultAsync<IngestRunRecord>(new CommandDefinition(
            $"{Columns} WHERE r.run_id = @runId", new { runId }, cancellationToken: ct));
    }

    /// <summary>Every source that was ever really attempted, by name, with its last stored and last attempted
    /// run.</summary>
    public static async Task<IReadOnlyList<SourceFreshness>> FreshnessAsync(Database warehouse, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        // Stored data: succeeded, or partial with some rows refused.
        var stored = new { succeeded = IngestOutcome.Succeeded, partial = IngestOutcome.Partial };
        var lastSuccess = await db.QueryAsync<IngestRunRecord>(new CommandDefinition($"""
            {Columns}
            WHERE r.run_id = (SELECT MAX(x.run_id) FROM ingest_runs x
                              WHERE x.source = r.source AND x.dry_run = 0 AND x.outcome IN (@succeeded, @partial))
            """, stored, cancellationToken: ct));
        var lastAttempt = await db.QueryAsync<IngestRunRecord>(new CommandDefinition($"""
            {Columns}
            WHERE r.run_id = (SELECT MAX(x.run_id) FROM ingest_runs x WHERE x.source = r.source AND x.dry_run = 0)
            ORDER BY r.source
            """, cancellationToken: ct));
        var success = lastSuccess.ToDictionary(r => r.Source);
        return lastAttempt.Select(a => new SourceFreshness(a.Source, success.GetValueOrDefault(a.Source), a)).ToList();
    }
}
