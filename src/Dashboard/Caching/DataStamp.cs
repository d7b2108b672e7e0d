using System.Globalization;
using Dapper;
using Impact.Models.Runs;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;

namespace Impact.Dashboard.Caching;

/// <summary>
/// What the pages' figures were read from, as one string: the estimate run they show (the latest that
/// succeeded), the newest run's state and progress (the overview says it), the warehouse's data version (the
/// same reads as <see cref="Models.Panels.WarehouseReader.DataVersionAsync"/>: last ingest run and the
/// trigger-kept row counts) and the KPI sum (a corrected value moves it even where no count does). Every write
/// that could change a page changes it: ingest always opens a new run, an estimate run stores its pairs and then
/// its status.
/// </summary>
public static class DataStamp
{
    // One connection and one statement for every page and image request: the stamp is asked for far more often
    // than anything else, and three connections with four statements cost as much CPU as serving a static file.
    // Each part is an index search or a scan of the few hundred kpi_period_stats rows (one scan for both sums).
    const string Columns = """
        (SELECT CAST(COUNT(*) AS BIGINT) FROM ingest_runs WHERE outcome = @running) AS Writing,
               (SELECT MAX(run_id) FROM ingest_runs) AS Ingest,
               k.Kpi, k.KpiSum,
               (SELECT row_count FROM table_rows WHERE table_name = 'completions') AS Completions,
               (SELECT row_count FROM table_rows WHERE table_name = 'employees') AS Employees,
               (SELECT MAX(run_id) FROM estimate_runs WHERE status = @succeeded) AS Shown,
               n.run_id AS Newest, n.status AS NewestStatus, n.heartbeat_at AS Heartbeat,
               (SELECT CAST(COUNT(*) AS BIGINT) FROM estimate_run_pairs p WHERE p.run_id = n.run_id) AS PairsTotal,
               (SELECT CAST(COUNT(*) AS BIGINT) FROM estimate_run_pairs p
                WHERE p.run_id = n.run_id AND p.status <> 'pending') AS PairsDone
        """;

    const string From = """
        FROM (SELECT CAST(COALESCE(SUM(subjects), 0) AS BIGINT) AS Kpi,
                     CAST(SUM(total) AS DOUBLE PRECISION) AS KpiSum
              FROM kpi_period_stats) k
        CROSS JOIN (SELECT MAX(run_id) AS newest FROM estimate_runs) r
        LEFT JOIN estimate_runs n ON n.run_id = r.newest
        """;

    const string Sql = $"SELECT {Columns}\n{From}";

    // The session's check (SessionCookieEvents) in the same statement: a signed-in page request then opens one
    // connection for both instead of one each.
    const string WithSecurityStampSql =
        $"SELECT (SELECT security_stamp FROM users WHERE user_id = @user) AS SecurityStamp,\n       {Columns}\n{From}";

    /// <summary>The stamp, or null while an ingest is writing: its batches land under one run id, so a value
    /// corrected by a later batch would not move the stamp, and nothing read then may be kept.</summary>
    public static async Task<string?> ReadAsync(Database warehouse, CancellationToken ct) =>
        Format(await ReadPartsAsync(warehouse, Sql, null, ct));

    /// <summary>The stamp this request read with its session's security stamp
    /// (<see cref="ReadWithSecurityStampAsync"/>), else read now.</summary>
    public static Task<string?> ForRequestAsync(Database warehouse, HttpContext? http, CancellationToken ct) =>
        http?.Items[RequestKey] is Read read ? Task.FromResult(read.Stamp) : ReadAsync(warehouse, ct);

    /// <summary>A user's stored security stamp (null: no such user) and the data stamp, in one statement; the data
    /// stamp is kept for the rest of <paramref name="http"/>, whose pages and images then ask no more.</summary>
    public static async Task<string?> ReadWithSecurityStampAsync(Database warehouse, long user, HttpContext http,
        CancellationToken ct)
    {
        var parts = await ReadPartsAsync(warehouse, WithSecurityStampSql, user, ct);
        http.Items[RequestKey] = new Read(Format(parts));
        return parts.SecurityStamp;
    }

    const string RequestKey = "impact:data-stamp";

    sealed record Read(string? Stamp);

    static async Task<Parts> ReadPartsAsync(Database warehouse, string sql, long? user, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await db.QuerySingleAsync<Parts>(new CommandDefinition(sql,
            new { running = IngestOutcome.Running, succeeded = EstimateRunStatus.Succeeded, user },
            cancellationToken: ct));
    }

    static string? Format(Parts s)
    {
        if (s.Writing > 0) return null;
        var shown = s.Shown?.ToString(CultureInfo.InvariantCulture) ?? "none";
        var progress = s.Newest is null ? "none"
            : $"{s.Newest}:{s.NewestStatus}:{s.PairsDone}/{s.PairsTotal}:{s.Heartbeat}";
        return $"run:{shown};newest:{progress};ingest:{s.Ingest ?? 0};kpi:{s.Kpi};completions:{s.Completions};" +
               $"employees:{s.Employees};kpi-sum:{s.KpiSum?.ToString("R", CultureInfo.InvariantCulture)}";
    }

    sealed class Parts
    {
        public string? SecurityStamp { get; init; }
        public long Writing { get; init; }
        public long? Ingest { get; init; }
        public long Kpi { get; init; }
        public double? KpiSum { get; init; }
        public long? Completions { get; init; }
        public long? Employees { get; init; }
        public long? Shown { get; init; }
        public long? Newest { get; init; }
        public string? NewestStatus { get; init; }
        public string? Heartbeat { get; init; }
        public long PairsTotal { get; init; }
        public long PairsDone { get; init; }
    }
}
