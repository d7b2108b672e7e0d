using System.Data.Common;
using System.Globalization;
using Dapper;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Models.Panels;
using Impact.Models.Runs;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;

namespace Impact.Dashboard.Exports;

/// <summary>
/// Reads what a pack shows: the estimate run (named, or the newest that succeeded), its results on the
/// chosen owner's metrics, each metric's mean per period and each intervention's completions per period.
/// Only aggregates leave the database, and the means per period are read from the stats the KPI rows keep
/// (<c>kpi_period_stats</c>), not computed from every row.
/// </summary>
public static class PackReader
{
    public static async Task<PackData> ReadAsync(Database warehouse, long? runId, string? owner,
        CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var run = await RunAsync(db, warehouse.Dialect, runId, ct);
        if (owner is not null) await CheckOwnerAsync(db, owner, ct);
        var pairs = (await db.QueryAsync<PackPair>(new CommandDefinition("""
            SELECT r.intervention_id AS InterventionId, i.name AS InterventionName,
                   i.cost_per_participant AS CostPerParticipant, i.currency AS InterventionCurrency,
                   r.metric_id AS MetricId, COALESCE(m.name, r.metric_id) AS MetricName, m.unit AS Unit,
                   COALESCE(m.owner, '') AS Owner, m.value_per_unit AS ValuePerUnit, m.currency AS MetricCurrency,
                   r.status AS Status, r.verdict AS Verdict, r.reason AS Reason, r.detail AS Detail
            FROM estimate_results r
            LEFT JOIN metrics m ON m.metric_id = r.metric_id
            LEFT JOIN interventions i ON i.intervention_id = r.intervention_id
            WHERE r.run_id = @run AND (@owner IS NULL OR m.owner = @owner)
            ORDER BY r.metric_id, r.intervention_id
            """, new { run = run.RunId, owner }, cancellationToken: ct))).ToList();
        var trends = new Dictionary<string, IReadOnlyList<TrendPoint>>();
        foreach (var metric in pairs.Select(p => p.MetricId).Distinct())
            trends[metric] = await TrendAsync(db, metric, ct);
        var waves = new Dictionary<string, IReadOnlyList<CompletionWave>>();
        foreach (var intervention in pairs.Select(p => p.InterventionId).Distinct())
            waves[intervention] = await WavesAsync(db, intervention, ct);
        return new PackData(run, owner, pairs, await FreshnessAsync(warehouse, ct), trends, waves);
    }

    static async Task<PackRun> RunAsync(DbConnection db, Dialect dialect, long? runId, CancellationToken ct)
    {
        if (runId is null)
        {
            var latest = await EstimateRunTables.LatestSucceededAsync(db, dialect, ct)
                ?? throw new ImpactException(
                    "No estimate run has succeeded yet, so there is nothing to export: run 'impact estimate' first.");
            runId = latest.RunId;
        }
        var run = await db.QuerySingleOrDefaultAsync<(long RunId, string StartedAt, string DataVersion,
            string Status)>(new CommandDefinition(
            "SELECT run_id, started_at, data_version, status FROM estimate_runs WHERE run_id = @runId",
            new { runId }, cancellationToken: ct));
        if (run.RunId == 0) throw new ImpactException($"--run: there is no estimate run {runId}.");
        if (run.Status != EstimateRunStatus.Succeeded)
            throw new ImpactException($"--run: estimate run {runId} {run.Status}, so its results are not " +
                "shown anywhere; export a run that succeeded.");
        return new PackRun(run.RunId, run.StartedAt, run.DataVersion);
    }

    static async Task CheckOwnerAsync(DbConnection db, string owner, CancellationToken ct)
    {
        var owners = (await db.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT owner FROM metrics ORDER BY owner", cancellationToken: ct))).ToList();
        if (!owners.Contains(owner))
            throw new ImpactException($"--owner: no metric is owned by '{owner}'; owners are " +
                $"{(owners.Count == 0 ? "(none yet)" : string.Join(", ", owners.Select(o => $"'{o}'")))}.");
    }

    static async Task<IReadOnlyList<TrendPoint>> TrendAsync(DbConnection db, string metric, CancellationToken ct) =>
        (await db.QueryAsync<(string Period, double Mean)>(new CommandDefinition("""
            SELECT period_start, CAST(total AS DOUBLE PRECISION) / subjects FROM kpi_period_stats
            WHERE metric_id = @metric ORDER BY period_start
            """, new { metric }, cancellationToken: ct)))
        .Select(r => Format.Date(r.Period) is { } d ? new TrendPoint(d, r.Mean) : null).OfType<TrendPoint>().ToList();

    // Waves by month: completions are dated by day, and a month is what a reader compares with a monthly
    // metric. People, not rows: a retake is still one person.
    public static async Task<IReadOnlyList<CompletionWave>> WavesAsync(DbConnection db, string intervention,
        CancellationToken ct) =>
        (await db.QueryAsync<(string Day, long People)>(new CommandDefinition($"""
            SELECT c.completed_on, CAST(COUNT(DISTINCT c.employee_id) AS BIGINT) FROM completions c
            WHERE c.intervention_id = @intervention AND {Finished.Condition("c.status")}
            GROUP BY c.completed_on
            """, new { intervention }, cancellationToken: ct)))
        .Select(r => (Date: Format.Date(r.Day), r.People)).Where(r => r.Date is not null)
        .GroupBy(r => new DateOnly(r.Date!.Value.Year, r.Date.Value.Month, 1))
        .OrderBy(g => g.Key).Select(g => new CompletionWave(g.Key, g.Sum(r => r.People))).ToList();

    static async Task<string> FreshnessAsync(Database warehouse, CancellationToken ct)
    {
        var sources = await IngestHistory.FreshnessAsync(warehouse, ct);
        var stored = sources.Where(s => s.LastSuccess is not null).ToList();
        if (stored.Count == 0) return "no ingest recorded";
        var newest = stored.MaxBy(s => s.LastSuccess!.StartedAt)!;
        var oldest = stored.MinBy(s => s.LastSuccess!.StartedAt)!;
        return newest == oldest
            ? $"data loaded {Minute(newest.LastSuccess!.StartedAt)}"
            : $"data loaded {Minute(oldest.LastSuccess!.StartedAt)} ({oldest.Source}) to " +
              $"{Minute(newest.LastSuccess!.StartedAt)} ({newest.Source})";
    }

    /// <summary>A stored UTC stamp to the minute, without "ago": a pack is read long after it is made.</summary>
    public static string Minute(string stamp) =>
        DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : stamp;
}
