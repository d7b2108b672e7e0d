using System.Data.Common;
using System.Text.Json;
using Dapper;
using Impact.Models.Estimation;
using Impact.Models.Insights;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Models.Runs;

/// <summary>
/// One pair of a fanned-out run (<see cref="FanOutRun"/>): estimate it, store it once, and when it is the last,
/// complete the run. "Last" is decided in the database, never in memory: each pair's transaction first
/// updates the run's row, which holds that row's lock until commit, so two pairs finishing at once store one
/// after the other and exactly one of them sees no pair pending.
/// </summary>
public static class FanOutPairs
{
    /// <param name="Stored">False when there was nothing to do: stored by an earlier attempt, or the run ended.</param>
    /// <param name="Completed">The run's status when this pair completed it; null otherwise.</param>
    public sealed record Done(bool Stored, string? Completed);

    public static async Task<Done> EstimateAsync(Database warehouse, long runId, FanOutRun.Pair pair,
        EstimateOptions options, PanelCache panels, DateWindow dates, CancellationToken ct)
    {
        if (!await PendingAsync(warehouse, runId, pair, ct)) return new Done(false, null);
        var read = await panels.GetAsync(warehouse, runId, pair.MetricId, dates, ct);
        PairResult? result = null;
        string? failure = null;
        try
        {
            result = PairEstimator.Estimate(read.Panel, pair.InterventionId, options, ct);
            if (pair.DescribesHighPerformers && options.Insights)
                result = result with { HighPerformers = HighPerformers.Describe(read.Panel, options, ct) };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A pair that cannot be estimated fails alone; its run names it and keeps the others.
            failure = Failure.Explain(e) + FailureLog.Pointer(FailureLog.Write(e,
                $"estimate run {runId}, {pair.InterventionId} × {pair.MetricId}"));
        }
        return await StoreAsync(warehouse, runId, pair, result, failure ?? Lines(read.LeftOut), ct);
    }

    static async Task<bool> PendingAsync(Database warehouse, long runId, FanOutRun.Pair pair, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM estimate_run_pairs p JOIN estimate_runs r ON r.run_id = p.run_id
            WHERE p.run_id = @runId AND p.intervention_id = @InterventionId AND p.metric_id = @MetricId
              AND p.status = @Pending AND r.status = @Running
            """, new { runId, pair.InterventionId, pair.MetricId, FanOutRun.Pending,
                EstimateRunStatus.Running }, cancellationToken: ct)) > 0;
    }

    /// <param name="message">Why the pair failed (no result), or what its read left out (with a result).</param>
    static async Task<Done> StoreAsync(Database warehouse, long runId, FanOutRun.Pair pair, PairResult? result,
        string? message, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var now = Clock.UtcStamp();
        if (await db.ExecuteAsync(new CommandDefinition(
                "UPDATE estimate_runs SET heartbeat_at = @now WHERE run_id = @runId AND status = @Running",
                new { now, runId, EstimateRunStatus.Running }, tx, cancellationToken: ct)) == 0)
            return new Done(false, null); // cancelled, or marked interrupted after a long silence
        if (await db.ExecuteAsync(new CommandDefinition(
                """
                UPDATE estimate_run_pairs SET status = @status, message = @message
                WHERE run_id = @runId AND intervention_id = @InterventionId AND metric_id = @MetricId
                  AND status = @Pending
                """, new { status = result is null ? FanOutRun.Failed : FanOutRun.Stored, message, runId,
                    pair.InterventionId, pair.MetricId, FanOutRun.Pending }, tx, cancellationToken: ct)) == 0)
            return new Done(false, null); // an earlier attempt stored it (its worker died after committing)
        if (result is not null) await EstimateRunTables.InsertResultAsync(db, tx, runId, result, ct);
        var pending = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM estimate_run_pairs WHERE run_id = @runId AND status = @Pending",
            new { runId, FanOutRun.Pending }, tx, cancellationToken: ct));
        var completed = pending == 0 ? await CompleteAsync(db, tx, runId, ct) : null;
        await tx.CommitAsync(ct);
        return new Done(true, completed);
    }

    sealed record StoredResult(string InterventionId, string MetricId, string Detail, long? CarriedFrom);

    /// <summary>
    /// Ends a run whose every pair is in, inside the caller's transaction: what one-process estimation does after
    /// its pairs (each metric's high performers on all its pairs, the false-discovery check across every pair
    /// of the run, carried ones included), then succeeded, or failed naming the pairs that failed.
    /// </summary>
    public static async Task<string> CompleteAsync(DbConnection db, DbTransaction tx, long runId, CancellationToken ct)
    {
        var stored = (await db.QueryAsync<StoredResult>(new CommandDefinition(
                "SELECT intervention_id AS InterventionId, metric_id AS MetricId, detail AS Detail, " +
                "carried_from_run AS CarriedFrom FROM estimate_results WHERE run_id = @runId",
                new { runId }, tx, cancellationToken: ct)))
            .OrderBy(s => s.MetricId, StringComparer.Ordinal).ThenBy(s => s.InterventionId, StringComparer.Ordinal)
            .ToList();
        var results = stored.Select(s => FalseDiscovery.BeforeRunCheck(
            JsonSerializer.Deserialize<PairResult>(s.Detail, EstimateRunTables.Json)!)).ToList();
        var described = stored.Select((s, i) => (s, i)).Where(x => x.s.CarriedFrom is null)
            .GroupBy(x => x.s.MetricId).ToDictionary(g => g.Key, g => results[g.First().i].HighPerformers);
        var checkedRun = FalseDiscovery.AcrossRun(results.Select(r =>
            described.TryGetValue(r.MetricId, out var hp) ? r with { HighPerformers = hp } : r).ToList());
        await db.ExecuteAsync(new CommandDefinition(
            """
            UPDATE estimate_results SET reason = @Reason, detail = @Detail
            WHERE run_id = @RunId AND intervention_id = @InterventionId AND metric_id = @MetricId
            """, checkedRun.Select(r => new
            {
                r.Reason, Detail = JsonSerializer.Serialize(r, EstimateRunTables.Json), RunId = runId,
                r.InterventionId, r.MetricId,
            }), tx, cancellationToken: ct));

        var pairs = (await db.QueryAsync<(string Intervention, string Metric, string Status, string? Message)>(
            new CommandDefinition("SELECT intervention_id, metric_id, status, message FROM estimate_run_pairs " +
                "WHERE run_id = @runId", new { runId }, tx, cancellationToken: ct)))
            .OrderBy(p => p.Metric, StringComparer.Ordinal).ThenBy(p => p.Intervention, StringComparer.Ordinal)
            .ToList();
        var failed = pairs.Where(p => p.Status == FanOutRun.Failed).ToList();
        var status = failed.Count == 0 ? EstimateRunStatus.Succeeded : EstimateRunStatus.Failed;
        var message = failed.Count > 0
            ? $"{failed.Count} of {pairs.Count} pair(s) could not be estimated: " +
              string.Join("; ", failed.Select(p => $"{p.Intervention} × {p.Metric}: {p.Message?.TrimEnd('.')}")) + "."
            : string.Join(" ", pairs.Where(p => p.Message is not null)
                .SelectMany(p => p.Message!.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Distinct());
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE estimate_runs SET status = @status, ended_at = @now, message = @message WHERE run_id = @runId",
            new { status, now = Clock.UtcStamp(), message = message.Length == 0 ? null : message, runId }, tx,
            cancellationToken: ct));
        return status;
    }

    static string? Lines(IReadOnlyList<string> sentences) => sentences.Count == 0 ? null : string.Join("\n", sentences);
}
