using Dapper;
using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Models.Runs;

/// <summary>
/// A re-estimation that many workers share, one job per intervention × metric pair: the run is recorded first
/// with its pairs (estimate_run_pairs), each pair job stores its own result (<see cref="FanOutPairs"/>), and the
/// one that stores the last completes the run. Pairs whose inputs did not change since the newest succeeded
/// run (<see cref="RunInputs"/>) are carried into the new run instead, so it still covers every pair. The run
/// is stored in the same shape as <c>impact estimate</c>'s, and the pages read it the same way.
/// </summary>
public static class FanOutRun
{
    /// <summary>One pair to estimate; one pair per metric also describes its high performers.</summary>
    public sealed record Pair(string InterventionId, string MetricId, bool DescribesHighPerformers);

    /// <param name="CarriedFrom">The run the carried pairs came from (null when none were carried).</param>
    /// <param name="Completed">The run's status when nothing was left to estimate, so planning completed it.</param>
    public sealed record Plan(long RunId, IReadOnlyList<Pair> ToEstimate, int Carried, long? CarriedFrom,
        string? Completed);

    public const string Pending = "pending";
    public const string Stored = "succeeded";
    public const string Failed = "failed";

    /// <summary>Records the run, its pairs, what it read and the results it carries; in one transaction.</summary>
    public static async Task<Plan> BeginAsync(Database warehouse, EstimateOptions options, DateWindow dates,
        CancellationToken ct)
    {
        var dataVersion = await WarehouseReader.DataVersionAsync(warehouse, ct);
        var metrics = (await WarehouseReader.MetricsAsync(warehouse, ct)).Select(m => m.Id)
            .Order(StringComparer.Ordinal).ToList();
        await using var db = await warehouse.OpenAsync(ct);
        var interventions = (await db.QueryAsync<string>(new CommandDefinition(
                "SELECT intervention_id FROM interventions", cancellationToken: ct)))
            .Order(StringComparer.Ordinal).ToList();
        var inputs = await RunInputs.ReadAsync(db, options, dates, EstimateRunTables.ImpactVersion, ct);
        var previous = await EstimateRunTables.LatestSucceededAsync(db, warehouse.Dialect, ct);
        var changed = previous is null ? null
            : inputs.ChangedSince(await RunInputs.OfRunAsync(db, null, previous.RunId, ct));
        bool Estimated(string metric) => changed is null || changed.Contains(metric);

        var toEstimate = metrics.Where(Estimated)
            .SelectMany(m => interventions.Select((i, k) => new Pair(i, m, k == 0))).ToList();
        var carried = metrics.Where(m => !Estimated(m)).ToList();
        await using var tx = await db.BeginTransactionAsync(ct);
        var parameters = new { metric = (string?)null, intervention = (string?)null, options.Pre, options.Post,
            options.Anticipation, options.Folds, options.Bootstrap, options.Seed };
        var runId = await EstimateRunTables.BeginAsync(db, tx, warehouse.Dialect, parameters, dataVersion, null, ct);
        await inputs.StoreAsync(db, tx, runId, ct);
        var pairs = metrics.SelectMany(m => interventions.Select(i => new
        {
            run_id = runId, intervention_id = i, metric_id = m, status = Estimated(m) ? Pending : Stored,
        }));
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO estimate_run_pairs (run_id, intervention_id, metric_id, status) " +
            "VALUES (@run_id, @intervention_id, @metric_id, @status)", pairs, tx, cancellationToken: ct));
        foreach (var metric in carried)
            await CarryAsync(db, tx, runId, previous!.RunId, metric, ct);
        var completed = toEstimate.Count == 0 ? await FanOutPairs.CompleteAsync(db, tx, runId, ct) : null;
        await tx.CommitAsync(ct);
        return new Plan(runId, toEstimate, carried.Count * interventions.Count,
            carried.Count > 0 ? previous!.RunId : null, completed);
    }

    /// <summary>
    /// A run an earlier attempt of the same job planned, if it is still running: its pairs not stored yet, to
    /// queue again (storing a pair twice is refused, so a pair queued twice is estimated once or harmlessly
    /// twice and stored once). Null when that run has ended.
    /// </summary>
    public static async Task<Plan?> ResumeAsync(Database warehouse, long runId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var status = await db.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM estimate_runs WHERE run_id = @runId", new { runId }, cancellationToken: ct));
        if (status != EstimateRunStatus.Running) return null;
        var pending = (await db.QueryAsync<(string Intervention, string Metric)>(new CommandDefinition(
            "SELECT intervention_id, metric_id FROM estimate_run_pairs WHERE run_id = @runId AND status = @Pending " +
            "ORDER BY metric_id, intervention_id", new { runId, Pending }, cancellationToken: ct))).ToList();
        // High performers are described by each metric's first pair; resumed, the first pair left does it.
        var toEstimate = pending.Select((p, k) => new Pair(p.Intervention, p.Metric,
            k == 0 || pending[k - 1].Metric != p.Metric)).ToList();
        return new Plan(runId, toEstimate, 0, null, null);
    }

    /// <summary>How a fanned-out run ended: its pairs, how many were carried or failed, and its message
    /// (properties, so each engine's integers map).</summary>
    public sealed record Summary
    {
        public long Pairs { get; init; }
        public long Carried { get; init; }
        public long Failed { get; init; }
        public string? Message { get; init; }
        public string StartedAt { get; init; } = "";
        public string? EndedAt { get; init; }

        /// <summary>From recording the run to its last pair.</summary>
        public TimeSpan? Took => EndedAt is null ? null : Parse(EndedAt) - Parse(StartedAt);

        static DateTimeOffset Parse(string stamp) => DateTimeOffset.Parse(stamp,
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
    }

    public static async Task<Summary> SummaryAsync(Database warehouse, long runId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await db.QuerySingleAsync<Summary>(new CommandDefinition(
            """
            SELECT (SELECT COUNT(*) FROM estimate_run_pairs WHERE run_id = @runId) AS Pairs,
                   (SELECT COUNT(*) FROM estimate_results WHERE run_id = @runId AND carried_from_run IS NOT NULL)
                       AS Carried,
                   (SELECT COUNT(*) FROM estimate_run_pairs WHERE run_id = @runId AND status = @Failed) AS Failed,
                   r.message AS Message, r.started_at AS StartedAt, r.ended_at AS EndedAt
            FROM estimate_runs r WHERE r.run_id = @runId
            """, new { runId, Failed }, cancellationToken: ct));
    }

    // The newest result of a pair whose inputs did not change is still its result; it names the run that
    // estimated it, so the evidence can say "unchanged since run N".
    static Task CarryAsync(System.Data.Common.DbConnection db, System.Data.Common.DbTransaction tx, long runId,
        long previousRunId, string metric, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO estimate_results (run_id, intervention_id, metric_id, status, verdict, reason, method,
                estimate, std_error, ci_low, ci_high, relative_effect, n_treated, n_control, naive_difference,
                did_estimate, completion_rate, pretrend_p, placebo_p, effective_n_control, robustness, spec_low,
                spec_high, benefit_per_participant, roi, anticipation, detail, q_value, clusters, carried_from_run)
            SELECT @runId, intervention_id, metric_id, status, verdict, reason, method,
                estimate, std_error, ci_low, ci_high, relative_effect, n_treated, n_control, naive_difference,
                did_estimate, completion_rate, pretrend_p, placebo_p, effective_n_control, robustness, spec_low,
                spec_high, benefit_per_participant, roi, anticipation, detail, q_value, clusters,
                COALESCE(carried_from_run, run_id)
            FROM estimate_results WHERE run_id = @previousRunId AND metric_id = @metric
            """, new { runId, previousRunId, metric }, tx, cancellationToken: ct));
}
