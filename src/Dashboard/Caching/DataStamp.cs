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
/// trigger-kept row counts), the KPI sum (a corrected value moves it even where no count does) and, while ingest
/// runs are writing, how many and how many batches they have committed. Every write that could change a page
/// changes it: ingest opens a new run and counts each batch in the batch's own transaction (so a value a later
/// batch of the same run corrects moves the stamp, and a batch rolled back does not), an estimate run stores its
/// pairs and then its status. Pages read between two batches are kept until the next one commits.
/// </summary>
public sealed class DataStamp(Database warehouse) : IDisposable
{
    // One connection and one statement for every page and image request: the stamp is asked for far more often
    // than anything else, and three connections with four statements cost as much CPU as serving a static file.
    // Each part is an index search or a scan of the few hundred kpi_period_stats rows (one scan for both sums).
    const string Columns = """
        w.Writing, w.Batches, (SELECT MAX(run_id) FROM ingest_runs) AS Ingest,
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
        CROSS JOIN (SELECT CAST(COUNT(*) AS BIGINT) AS Writing, CAST(COALESCE(SUM(batches), 0) AS BIGINT) AS Batches
                    FROM ingest_runs WHERE outcome = @running) w
        CROSS JOIN (SELECT MAX(run_id) AS newest FROM estimate_runs) r
        LEFT JOIN estimate_runs n ON n.run_id = r.newest
        """;

    const string Sql = $"SELECT {Columns}\n{From}";

    // The session's check (SessionCookieEvents) in the same statement: a signed-in page request then opens one
    // connection for both instead of one each.
    const string WithSecurityStampSql =
        $"SELECT (SELECT security_stamp FROM users WHERE user_id = @user) AS SecurityStamp,\n       {Columns}\n{From}";

    readonly PreparedQuery<Parts> stamp = new(warehouse, Sql);
    readonly PreparedQuery<Parts> withSecurityStamp = new(warehouse, WithSecurityStampSql);

    public async Task<string> ReadAsync(CancellationToken ct) =>
        Format(await stamp.QuerySingleAsync(Parameters(null), ct));

    /// <summary>The stamp this request read with its session's security stamp
    /// (<see cref="ReadWithSecurityStampAsync"/>), else read now.</summary>
    public Task<string> ForRequestAsync(HttpContext? http, CancellationToken ct) =>
        http?.Items[RequestKey] is Read read ? Task.FromResult(read.Stamp) : ReadAsync(ct);

    /// <summary>A user's stored security stamp (null: no such user) and the data stamp, in one statement; the data
    /// stamp is kept for the rest of <paramref name="http"/>, whose pages and images then ask no more.</summary>
    public async Task<string?> ReadWithSecurityStampAsync(long user, HttpContext http, CancellationToken ct)
    {
        var parts = await withSecurityStamp.QuerySingleAsync(Parameters(user), ct);
        http.Items[RequestKey] = new Read(Format(parts));
        return parts.SecurityStamp;
    }

    /// <summary>How many connections compiled the stamp's statements (for tests).</summary>
    internal int Compiled => stamp.Compiled + withSecurityStamp.Compiled;

    const string RequestKey = "impact:data-stamp";

    sealed record Read(string Stamp);

    static Dictionary<string, object?> Parameters(long? user)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["@running"] = IngestOutcome.Running, ["@succeeded"] = EstimateRunStatus.Succeeded,
        };
        if (user is not null) parameters["@user"] = user;
        return parameters;
    }

    public void Dispose()
    {
        stamp.Dispose();
        withSecurityStamp.Dispose();
    }

    static string Format(Parts s)
    {
        var shown = s.Shown?.ToString(CultureInfo.InvariantCulture) ?? "none";
        var progress = s.Newest is null ? "none"
            : $"{s.Newest}:{s.NewestStatus}:{s.PairsDone}/{s.PairsTotal}:{s.Heartbeat}";
        return $"run:{shown};newest:{progress};ingest:{s.Ingest ?? 0};kpi:{s.Kpi};completions:{s.Completions};" +
               $"employees:{s.Employees};kpi-sum:{s.KpiSum?.ToString("R", CultureInfo.InvariantCulture)};" +
               $"writing:{s.Writing}:{s.Batches}";
    }

    internal sealed class Parts
    {
        public string? SecurityStamp { get; init; }
        public long Writing { get; init; }
        public long Batches { get; init; }
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
