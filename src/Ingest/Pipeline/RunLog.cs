using System.Data.Common;
using Dapper;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;

namespace Impact.Ingest.Pipeline;

/// <summary>Records runs in ingest_runs and refused rows in ingest_rejections.</summary>
static class RunLog
{
    static readonly string[] RunColumns =
        ["source", "location", "content_hash", "profile", "dry_run", "started_at", "outcome",
         "rows_read", "rows_stored", "rows_updated", "rows_unchanged", "rows_rejected", "run_owner", "heartbeat_at"];

    public static async Task<long> StartAsync(DbConnection connection, Dialect dialect, string source, string location,
        string? hash, string? profile, bool dryRun, CancellationToken ct)
    {
        var now = Clock.UtcStamp();
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            dialect.InsertReturningId("ingest_runs", RunColumns, "run_id"),
            new
            {
                source, location, content_hash = hash, profile = Clip(profile, 64), dry_run = dryRun ? 1 : 0,
                started_at = now,
                outcome = IngestOutcome.Running, rows_read = 0L, rows_stored = 0L, rows_updated = 0L,
                rows_unchanged = 0L,
                rows_rejected = 0L, run_owner = RunOwner.Current, heartbeat_at = now,
            }, cancellationToken: ct));
    }

    /// <summary>
    /// Inside a batch's transaction, just before it commits: the counts of everything committed so far
    /// and a fresh heartbeat, so a run killed later shows exactly what it kept. The batch count moves with the
    /// rows or not at all: the dashboard's data stamp sums it over running runs to keep pages between batches.
    /// </summary>
    public static Task ProgressAsync(DbConnection connection, DbTransaction tx, long runId, BatchCounts done,
        CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE ingest_runs SET heartbeat_at = @heartbeat_at, rows_read = @Read, rows_stored = @Stored,
                rows_updated = @Updated, rows_unchanged = @Unchanged, rows_rejected = @Rejected,
                batches = batches + 1
            WHERE run_id = @runId
            """,
            new
            {
                heartbeat_at = Clock.UtcStamp(), done.Read, done.Stored, done.Updated, done.Unchanged, done.Rejected,
                runId,
            },
            tx, cancellationToken: ct));

    public static Task FinishAsync(DbConnection connection, IngestSummary s, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE ingest_runs SET ended_at = @ended_at, outcome = @Outcome, rows_read = @Read, rows_stored = @Stored,
                rows_updated = @Updated, rows_unchanged = @Unchanged, rows_rejected = @Rejected, message = @message
            WHERE run_id = @RunId
            """,
            new { ended_at = Clock.UtcStamp(), s.Outcome, s.Read, s.Stored, s.Updated, s.Unchanged, s.Rejected,
                message = Message(s), s.RunId },
            cancellationToken: ct));

    static string? Message(IngestSummary s)
    {
        var parts = new List<string>();
        if (s.Message is not null) parts.Add(s.Message);
        parts.AddRange(s.Notes);
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    /// <param name="keepRaw">False for confidential rows and pseudonymised runs: no answers, no raw ids.</param>
    public static Task RejectAsync(DbConnection connection, DbTransaction tx, long runId, string file, Rejection r,
        bool keepRaw, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO ingest_rejections (run_id, file, line, field, reason, raw, subject)
            VALUES (@runId, @file, @Line, @field, @reason, @raw, @subject)
            """,
            new
            {
                runId, file, r.Line, field = Clip(r.Field, 400), reason = Clip(r.Reason, 2000),
                subject = Clip(r.Subject, 200),
                raw = keepRaw ? Clip(r.Raw, 2000) : null,
            }, tx, cancellationToken: ct));

    // A field name or a quoted value comes from the input and can be any length; the columns cannot.
    static string? Clip(string? text, int length) =>
        text is { } t && t.Length > length ? t[..(length - 1)] + "…" : text;
}
