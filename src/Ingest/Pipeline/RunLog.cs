using System.Data.Common;
using Dapper;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;

namespace Impact.Ingest.Pipeline;

/// <summary>Records runs in ingest_runs and refused rows in ingest_rejections.</summary>
static class RunLog
{
    static readonly string[] RunColumns =
        ["source", "location", "content_hash", "profile", "dry_run", "started_at", "outcome",
         "rows_read", "rows_stored", "rows_updated", "rows_unchanged", "rows_rejected"];

    public static async Task<long> StartAsync(DbConnection connection, Dialect dialect, string source, string location,
        string? hash, string? profile, bool dryRun, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            dialect.InsertReturningId("ingest_runs", RunColumns, "run_id"),
            new
            {
                source, location, content_hash = hash, profile, dry_run = dryRun ? 1 : 0, started_at = Clock.UtcStamp(),
                outcome = IngestOutcome.Running, rows_read = 0L, rows_stored = 0L, rows_updated = 0L, rows_unchanged = 0L, rows_rejected = 0L,
            }, cancellationToken: ct));

    public static Task FinishAsync(DbConnection connection, IngestSummary s, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE ingest_runs SET ended_at = @ended_at, outcome = @Outcome, rows_read = @Read, rows_stored = @Stored,
                rows_updated = @Updated, rows_unchanged = @Unchanged, rows_rejected = @Rejected, message = @message
            WHERE run_id = @RunId
            """,
            new { ended_at = Clock.UtcStamp(), s.Outcome, s.Read, s.Stored, s.Updated, s.Unchanged, s.Rejected, message = Message(s), s.RunId },
            cancellationToken: ct));

    static string? Message(IngestSummary s)
    {
        var parts = new List<string>();
        if (s.Message is not null) parts.Add(s.Message);
        parts.AddRange(s.Notes);
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    public static Task RejectAsync(DbConnection connection, DbTransaction tx, long runId, string file, Rejection r, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO ingest_rejections (run_id, file, line, field, reason, raw) VALUES (@runId, @file, @Line, @Field, @Reason, @raw)",
            new { runId, file, r.Line, r.Field, r.Reason, raw = r.Raw is { Length: > 2000 } ? r.Raw[..2000] : r.Raw }, tx, cancellationToken: ct));
}
