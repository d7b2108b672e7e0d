using System.Globalization;
using Dapper;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Dashboard.Jobs;

/// <summary>How one attempt at a job step ended, as stored in job_runs.outcome.</summary>
public static class JobOutcome
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";

    /// <summary>Stored, with some rows rejected ("completed with rejects").</summary>
    public const string Partial = "partial";

    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Its worker died mid-job; marked by the next attempt of the same job or by a reader.</summary>
    public const string Interrupted = StaleRuns.Interrupted;

    /// <summary>Another run of the same feed held its lock, so this trigger did nothing.</summary>
    public const string Skipped = "skipped";
}

/// <summary>The steps a feed's jobs run (job_runs.step).</summary>
public static class JobStep
{
    public const string Ingest = "ingest";
    public const string Estimate = "estimate";
    public const string Export = "export";
}

/// <summary>One attempt as job_runs holds it (properties, so each engine's integer types map).</summary>
public sealed record JobRunRecord
{
    public long JobRunId { get; init; }
    public string ScheduleName { get; init; } = "";
    public string Step { get; init; } = "";
    public string? JobId { get; init; }
    public long Attempt { get; init; }
    public string Worker { get; init; } = "";
    public string StartedAt { get; init; } = "";
    public string? EndedAt { get; init; }
    public string Outcome { get; init; } = "";
    public long? IngestRunId { get; init; }
    public long? EstimateRunId { get; init; }
    public long RowsRead { get; init; }
    public long RowsStored { get; init; }
    public long RowsRejected { get; init; }
    public string? Message { get; init; }

    /// <summary>The job's number as its store shows it (without the process an in-memory id carries).</summary>
    public string? JobNumber => JobId?.Split('#')[^1];

    /// <summary>How long it ran, when it has ended.</summary>
    public TimeSpan? Duration => EndedAt is null ? null
        : Parse(EndedAt) - Parse(StartedAt);

    static DateTimeOffset Parse(string stamp) =>
        DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>What an attempt stored, for its history row.</summary>
public sealed record JobCounts(long Read, long Stored, long Rejected, long? IngestRunId = null,
    long? EstimateRunId = null)
{
    public static readonly JobCounts None = new(0, 0, 0);
}

/// <summary>job_runs: every attempt at every step of every feed, by whichever worker ran it.</summary>
public sealed class JobRuns(Database warehouse)
{
    /// <summary>This process as the history names it: host and process id.</summary>
    public static string Worker { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// The job's id as the history stores it. An in-memory store (the SQLite default) numbers its jobs from 1
    /// in every process, so there the id carries the process's name too; a shared store's ids are unique.
    /// </summary>
    public static string? KeyOf(Hangfire.Server.PerformContext? context) => context is null ? null
        : context.Storage is Hangfire.InMemory.InMemoryStorage ? $"{Worker}#{context.BackgroundJob.Id}"
        : context.BackgroundJob.Id;

    /// <summary>
    /// Records the start of an attempt. Earlier attempts of the same Hangfire job still marked running
    /// belonged to a worker that died (sliding invisibility never hands a live job to a second worker):
    /// they are marked interrupted, and this attempt is numbered after them.
    /// </summary>
    public async Task<long> BeginAsync(string schedule, string step, string? jobId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var now = Clock.UtcStamp();
        var earlier = jobId is null ? 0 : await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM job_runs WHERE job_id = @jobId", new { jobId }, tx, cancellationToken: ct));
        if (jobId is not null)
            await db.ExecuteAsync(new CommandDefinition("""
                UPDATE job_runs SET outcome = @interrupted, ended_at = @now,
                       message = 'Its worker stopped before the job finished; another attempt took it over.'
                WHERE job_id = @jobId AND outcome = @running
                """, new { jobId, now, interrupted = JobOutcome.Interrupted, running = JobOutcome.Running }, tx,
                cancellationToken: ct));
        var insert = warehouse.Dialect.InsertReturningId("job_runs",
            ["schedule_name", "step", "job_id", "attempt", "worker", "run_owner", "started_at", "outcome", "rows_read",
                "rows_stored", "rows_rejected"], "job_run_id");
        var id = await db.ExecuteScalarAsync<long>(new CommandDefinition(insert, new
            {
                schedule_name = schedule, step, job_id = jobId, attempt = earlier + 1, worker = Worker,
                run_owner = RunOwner.Current, started_at = now, outcome = JobOutcome.Running, rows_read = 0,
                rows_stored = 0, rows_rejected = 0,
            }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>Records how the attempt ended; never cancelled itself, so a stopping worker still writes it.</summary>
    public async Task EndAsync(long jobRunId, string outcome, JobCounts counts, string? message)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync(new CommandDefinition("""
            UPDATE job_runs SET outcome = @outcome, ended_at = @now, rows_read = @Read, rows_stored = @Stored,
                   rows_rejected = @Rejected, ingest_run_id = @IngestRunId, estimate_run_id = @EstimateRunId,
                   message = @message
            WHERE job_run_id = @jobRunId
            """, new
            {
                jobRunId, outcome, now = Clock.UtcStamp(), counts.Read, counts.Stored, counts.Rejected,
                counts.IngestRunId, counts.EstimateRunId, message,
            }));
    }

    /// <summary>Names the estimate run an attempt made as soon as it exists, so a later attempt can resume it.
    /// </summary>
    public async Task LinkEstimateRunAsync(long jobRunId, long estimateRunId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE job_runs SET estimate_run_id = @estimateRunId WHERE job_run_id = @jobRunId",
            new { jobRunId, estimateRunId }, cancellationToken: ct));
    }

    /// <summary>The estimate run an earlier attempt of the same Hangfire job made, if any.</summary>
    public async Task<long?> EarlierEstimateRunAsync(string? jobId, long thisAttempt, CancellationToken ct)
    {
        if (jobId is null) return null;
        await using var db = await warehouse.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(estimate_run_id) FROM job_runs WHERE job_id = @jobId AND job_run_id <> @thisAttempt",
            new { jobId, thisAttempt }, cancellationToken: ct));
    }

    /// <summary>Removes an attempt that did nothing (a drop folder with no new file).</summary>
    public async Task ForgetAsync(long jobRunId)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync(new CommandDefinition("DELETE FROM job_runs WHERE job_run_id = @jobRunId",
            new { jobRunId }));
    }

    const string Columns = """
        SELECT job_run_id AS JobRunId, schedule_name AS ScheduleName, step AS Step, job_id AS JobId,
               attempt AS Attempt, worker AS Worker, started_at AS StartedAt, ended_at AS EndedAt,
               outcome AS Outcome, ingest_run_id AS IngestRunId, estimate_run_id AS EstimateRunId,
               rows_read AS RowsRead, rows_stored AS RowsStored, rows_rejected AS RowsRejected, message AS Message
        FROM job_runs
        """;

    /// <summary>The newest attempts, of one schedule or of all, newest first.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> RecentAsync(string? schedule, int limit, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await SweepDeadAsync(db, ct);
        var sql = warehouse.Dialect.Page(
            $"{Columns} WHERE (@schedule IS NULL OR schedule_name = @schedule) ORDER BY job_run_id DESC", limit);
        return (await db.QueryAsync<JobRunRecord>(new CommandDefinition(sql, new { schedule },
            cancellationToken: ct))).ToList();
    }

    // An attempt whose process is gone on this host can never end itself (a worker killed by SIGKILL whose
    // job no other worker took over yet): readers mark it, as StaleRuns does for ingest runs.
    static async Task SweepDeadAsync(System.Data.Common.DbConnection db, CancellationToken ct)
    {
        var open = await db.QueryAsync<(long Id, string? Owner)>(new CommandDefinition(
            "SELECT job_run_id, run_owner FROM job_runs WHERE outcome = @running",
            new { running = JobOutcome.Running }, cancellationToken: ct));
        foreach (var (id, _) in open.Where(r => RunOwner.IsGone(r.Owner) == true))
            await db.ExecuteAsync(new CommandDefinition("""
                UPDATE job_runs SET outcome = @interrupted, ended_at = @now,
                       message = 'Its worker process ended before the job finished.'
                WHERE job_run_id = @id AND outcome = @running
                """, new { id, now = Clock.UtcStamp(), interrupted = JobOutcome.Interrupted,
                    running = JobOutcome.Running }, cancellationToken: ct));
    }
}
