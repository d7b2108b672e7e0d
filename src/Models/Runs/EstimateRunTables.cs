using System.Data.Common;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Impact.Models.Estimation;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Models.Runs;

/// <summary>A stored run as the pages name it: its number and when it started (properties, so each engine's integers
/// map).</summary>
public sealed record EstimateRunStamp
{
    public long RunId { get; init; }
    public string StartedAt { get; init; } = "";
}

/// <summary>
/// The estimate_runs and estimate_results tables: one run row (parameters, data version, times, status)
/// and one result row per pair, with the scalar columns filled and the whole <see cref="PairResult"/> as
/// JSON in <c>detail</c>; and which run the pages show (<see cref="LatestSucceededAsync"/>).
/// </summary>
public static class EstimateRunTables
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<long> BeginAsync(Database warehouse, object parameters, string dataVersion,
        CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await BeginAsync(db, null, warehouse.Dialect, parameters, dataVersion, RunOwner.Current, ct);
    }

    /// <param name="owner">The process the run lives and dies with; null for a run many workers finish
    /// (a fanned-out re-estimation), which only its heartbeat can show dead.</param>
    public static Task<long> BeginAsync(DbConnection db, DbTransaction? tx, Dialect dialect, object parameters,
        string dataVersion, string? owner, CancellationToken ct)
    {
        var sql = dialect.InsertReturningId("estimate_runs",
            ["started_at", "status", "parameters", "data_version", "impact_version", "run_owner", "heartbeat_at"],
            "run_id");
        var now = Clock.UtcStamp();
        return db.ExecuteScalarAsync<long>(new CommandDefinition(sql, new
        {
            started_at = now, status = EstimateRunStatus.Running,
            parameters = JsonSerializer.Serialize(parameters, Json),
            data_version = dataVersion, impact_version = ImpactVersion, run_owner = owner, heartbeat_at = now,
        }, tx, cancellationToken: ct));
    }

    /// <param name="message">What the run says beside its results (observations it left out), if anything.</param>
    public static async Task CompleteAsync(Database warehouse, long runId, IReadOnlyList<PairResult> results,
        CancellationToken ct, string? message = null)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        foreach (var r in results) await InsertResultAsync(db, tx, runId, r, ct);
        await db.ExecuteAsync(new CommandDefinition(
            """
            UPDATE estimate_runs SET status = @status, ended_at = @ended_at, message = @message
            WHERE run_id = @run_id
            """,
            new { status = EstimateRunStatus.Succeeded, ended_at = Clock.UtcStamp(), message, run_id = runId }, tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Stores one pair's result in a run, inside the caller's transaction.</summary>
    public static Task InsertResultAsync(DbConnection db, DbTransaction tx, long runId, PairResult r,
        CancellationToken ct)
    {
        const string insert = """
            INSERT INTO estimate_results (run_id, intervention_id, metric_id, status, verdict, reason, method,
                estimate, std_error,
                ci_low, ci_high, relative_effect, n_treated, n_control, naive_difference, did_estimate,
                completion_rate, pretrend_p,
                placebo_p, effective_n_control, robustness, spec_low, spec_high, benefit_per_participant, roi,
                anticipation, detail)
            VALUES (@run_id, @intervention_id, @metric_id, @status, @verdict, @reason, @method, @estimate, @std_error,
                @ci_low, @ci_high, @relative_effect, @n_treated, @n_control, @naive_difference, @did_estimate,
                @completion_rate, @pretrend_p,
                @placebo_p, @effective_n_control, @robustness, @spec_low, @spec_high, @benefit_per_participant, @roi,
                @anticipation, @detail)
            """;
        return db.ExecuteAsync(new CommandDefinition(insert, new
        {
            run_id = runId, intervention_id = r.InterventionId, metric_id = r.MetricId, status = r.Status,
                verdict = r.Verdict,
            reason = r.Reason, method = r.Method, estimate = r.Estimate, std_error = r.StdError, ci_low = r.CiLow,
                ci_high = r.CiHigh,
            relative_effect = r.RelativeEffect, n_treated = r.NTreated, n_control = r.NControl,
                naive_difference = r.NaiveDifference,
            did_estimate = r.DidEstimate, completion_rate = r.CompletionRate, pretrend_p = r.PretrendP,
                placebo_p = r.PlaceboP,
            effective_n_control = r.EffectiveNControl, robustness = r.Robustness, spec_low = r.SpecLow,
                spec_high = r.SpecHigh,
            benefit_per_participant = r.BenefitPerParticipant, roi = r.Roi, anticipation = r.Anticipation,
            detail = JsonSerializer.Serialize(r, Json),
        }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// The run whose results every page shows: the newest that succeeded (older, failed, cancelled and
    /// still running runs are never shown). Null until a run has succeeded.
    /// </summary>
    public static async Task<EstimateRunStamp?> LatestSucceededAsync(DbConnection db, Dialect dialect,
        CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<EstimateRunStamp>(new CommandDefinition(dialect.Page(
                "SELECT run_id AS RunId, started_at AS StartedAt FROM estimate_runs WHERE status = @status ORDER BY " +
                "run_id DESC", 1),
            new { status = EstimateRunStatus.Succeeded }, cancellationToken: ct));

    /// <summary>Marks a run failed or cancelled; never leaves it 'running'. Uses no token: it runs when the token
    /// already fired.</summary>
    public static async Task EndAsync(Database warehouse, long runId, string status, string message)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync("UPDATE estimate_runs SET status = @status, ended_at = @ended_at, message = @message " +
            "WHERE run_id = @run_id",
            new { status, ended_at = Clock.UtcStamp(), message, run_id = runId });
    }

    /// <summary>This build's version, as each run records it.</summary>
    public static string ImpactVersion => typeof(EstimateRunTables).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
