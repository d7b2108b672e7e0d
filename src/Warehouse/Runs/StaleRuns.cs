using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Impact.Warehouse.Runs;

/// <summary>
/// Ends the runs that can never end themselves: a run still <c>running</c> whose process was killed
/// (SIGKILL, power loss, an out-of-memory kill) is marked <c>interrupted</c>, with what its last committed
/// batch recorded. Its owner decides on this host; elsewhere a heartbeat older than
/// <see cref="StaleAfter"/> does (running work refreshes it at every commit). Called whenever the
/// warehouse is opened for work (migrations, readers' version check) and by the pages that list runs.
/// </summary>
public static class StaleRuns
{
    public const string Interrupted = "interrupted";
    public const string StaleAfterVariable = "IMPACT_RUN_STALE_AFTER";

    /// <summary>The schema version that gave runs an owner and a heartbeat (0011).</summary>
    public const int SinceVersion = 11;

    /// <summary>
    /// How old another host's heartbeat may be before its run counts as dead (default 30 minutes); set once by
    /// the host from <c>IMPACT_RUN_STALE_AFTER</c> (WarehouseServices.ConfigureRuns).
    /// </summary>
    public static TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(30);

    sealed record Open(long RunId, string? Owner, string? Heartbeat, string StartedAt);

    /// <summary>
    /// Marks dead runs interrupted; returns how many. Best effort: a warehouse that is busy or read-only
    /// now is swept the next time, so a lock never turns a read into a failure.
    /// </summary>
    public static async Task<int> MarkInterruptedAsync(DbConnection connection, CancellationToken ct)
    {
        try
        {
            return await MarkAsync(connection, "ingest_runs", "outcome", ct)
                   + await MarkAsync(connection, "estimate_runs", "status", ct);
        }
        catch (DbException)
        {
            return 0; // locked, read-only or unreachable now: the next open sweeps again
        }
    }

    static async Task<int> MarkAsync(DbConnection connection, string table, string column, CancellationToken ct)
    {
        // Both names are ours (two tables, two columns), never user input.
        var open = (await connection.QueryAsync<Open>(new CommandDefinition(
            $"""
            SELECT run_id AS RunId, run_owner AS Owner, heartbeat_at AS Heartbeat, started_at AS StartedAt
            FROM {table} WHERE {column} = 'running'
            """,
            cancellationToken: ct))).ToList();
        var marked = 0;
        foreach (var run in open.Where(Dead))
            marked += await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE {table} SET {column} = '{Interrupted}', ended_at = @ended_at,
                    message = @message
                WHERE run_id = @RunId AND {column} = 'running'
                """,
                new
                {
                    ended_at = Clock.UtcStamp(), run.RunId,
                    message = "Interrupted: the process running it stopped without finishing (killed, or the machine " +
                              "went down); batches it committed are kept, and running it again is safe.",
                }, cancellationToken: ct));
        return marked;
    }

    static bool Dead(Open run)
    {
        var gone = RunOwner.IsGone(run.Owner);
        if (gone is { } known) return known;
        var last = run.Heartbeat ?? run.StartedAt;
        return DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
               && DateTimeOffset.UtcNow - at > StaleAfter;
    }
}
