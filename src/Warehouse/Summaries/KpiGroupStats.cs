using System.Data.Common;
using Dapper;

namespace Impact.Warehouse.Summaries;

/// <summary>How a refresh of the KPI group sums went.</summary>
public enum GroupStatsRefresh
{
    /// <summary>Nothing written: the sums were fresh, or a change committed while the refresh read.</summary>
    None,
    /// <summary>Only the slices ingest listed as changed since the last refresh were summed again.</summary>
    Slices,
    /// <summary>Every KPI row was summed again.</summary>
    Whole,
}

/// <summary>
/// The KPI sums per metric, period and group of people (team, role, location) of migration 0020, and whether
/// they may be shown. They are refreshed in one transaction at the end of an ingest that changed KPI rows or
/// employees (<see cref="RefreshIfStaleAsync"/>), never row by row by a trigger: a person moving team changes no
/// KPI row, and the KPI write path keeps its measured speed. The refresh sums again only the slices the runs
/// since the last one listed (migration 0022, <see cref="KpiGroupStatsSlices"/>), or every row when those are
/// many or the lists cannot be trusted. What the sums were computed from is recorded beside them, and a reader
/// uses them only while it still equals the warehouse's (<see cref="IsFreshAsync"/>): a refresh that has not run
/// yet, failed or was killed leaves them stale, and stale figures are never shown.
/// </summary>
public static class KpiGroupStats
{
    /// <summary>
    /// The ingest sources (their names in <c>ingest_runs.source</c>) that write KPI rows or employees, whose
    /// stored and updated rows count as changes; every other source (completions, surveys, xAPI) leaves the
    /// sums fresh. Ingest owns the names; tests/Ingest checks these against its sources.
    /// </summary>
    public static readonly IReadOnlyList<string> InputSources = ["employees", "kpi", "kpi-sql"];

    /// <summary>
    /// Above this share of all KPI rows (the listed pairs' rows and the listed groups' people's rows) the refresh
    /// sums every row instead: a slice is read one search per person and pair, the whole along the key.
    /// </summary>
    public const double SlicesUpTo = 0.1;

    // The inputs' version, read in one statement: every ingest batch that stores or updates KPI rows or
    // employees raises its run's counts in its own transaction, so their sum grows with every such change and
    // is never smaller later; the trigger-kept row counts move with a deletion, which no ingest makes.
    static readonly string Version = $"""
        SELECT (SELECT CAST(COALESCE(SUM(rows_stored + rows_updated), 0) AS BIGINT) FROM ingest_runs
                WHERE dry_run = 0 AND source IN ({string.Join(", ", InputSources.Select(s => $"'{s}'"))})) AS Changes,
               (SELECT CAST(COALESCE(SUM(subjects), 0) AS BIGINT) FROM kpi_period_stats) AS KpiRows,
               (SELECT row_count FROM table_rows WHERE table_name = 'employees') AS Employees,
               (SELECT CAST(COALESCE(SUM(rows_stored), 0) AS BIGINT) FROM ingest_runs
                WHERE dry_run = 0 AND source IN ('kpi', 'kpi-sql')) AS KpiStored,
               (SELECT CAST(COALESCE(SUM(rows_stored), 0) AS BIGINT) FROM ingest_runs
                WHERE dry_run = 0 AND source = 'employees') AS EmployeesStored
        """;

    static readonly string Fresh = $"""
        SELECT CAST(COUNT(*) AS BIGINT) FROM kpi_group_stats_version s
        CROSS JOIN ({Version}) v
        WHERE s.changes = v.Changes AND s.kpi_rows = v.KpiRows AND s.employees = v.Employees
        """;

    // The same two GROUP BYs migration 0020 fills the tables with. Each metric's people, and each person's rows
    // along the KPI key (SQLite keeps a CROSS JOIN's order; the servers plan it as the inner join it is): 400,000
    // searches at 100,000 employees instead of one per KPI row, 15% less time for SQLite's GROUP BY.
    const string Groups = """
        INSERT INTO kpi_group_stats (metric_id, team_id, role, location, period_start, subjects, total, squares,
                                     low, high)
        SELECT k.metric_id, e.team_id, e.role, e.location, k.period_start, COUNT(*), SUM(k.value),
               SUM(k.value * k.value), MIN(k.value), MAX(k.value)
        FROM metrics m CROSS JOIN employees e CROSS JOIN kpi_observations k
        WHERE k.metric_id = m.metric_id AND k.subject_id = e.employee_id
        GROUP BY k.metric_id, e.team_id, e.role, e.location, k.period_start
        """;

    const string AcrossTeams = """
        INSERT INTO kpi_role_location_stats (metric_id, role, location, period_start, subjects, total, squares,
                                             low, high)
        SELECT metric_id, role, location, period_start, SUM(subjects), SUM(total), SUM(squares), MIN(low), MAX(high)
        FROM kpi_group_stats
        GROUP BY metric_id, role, location, period_start
        """;

    /// <summary>
    /// The inputs' version (<see cref="Changes"/>, <see cref="KpiRows"/>, <see cref="Employees"/>), and the KPI
    /// rows and employees ingest runs stored: between two versions, counts that moved by exactly what ingest
    /// stored were changed by ingest only, whose every change is listed (a hand-written insert or delete is not).
    /// </summary>
    public sealed record InputsVersion(long Changes, long KpiRows, long Employees, long KpiStored,
        long EmployeesStored)
    {
        public bool ChangedByIngestOnlySince(InputsVersion then) =>
            KpiRows - then.KpiRows == KpiStored - then.KpiStored
            && Employees - then.Employees == EmployeesStored - then.EmployeesStored;
    }

    sealed record RecordedVersion(long Changes, long KpiRows, long Employees, long KpiStored, long EmployeesStored,
        long Tracked)
    {
        public InputsVersion Inputs => new(Changes, KpiRows, Employees, KpiStored, EmployeesStored);
    }

    const string Recorded = """
        SELECT changes AS Changes, kpi_rows AS KpiRows, employees AS Employees, kpi_stored AS KpiStored,
               employees_stored AS EmployeesStored, CAST(tracked AS BIGINT) AS Tracked
        FROM kpi_group_stats_version
        """;

    /// <summary>Whether the sums were computed from the warehouse as it is now.</summary>
    public static async Task<bool> IsFreshAsync(DbConnection db, CancellationToken ct) =>
        await db.ExecuteScalarAsync<long>(new CommandDefinition(Fresh, cancellationToken: ct)) == 1;

    public static async Task<InputsVersion> ReadVersionAsync(DbConnection db, DbTransaction? tx,
        CancellationToken ct) =>
        await db.QuerySingleAsync<InputsVersion>(new CommandDefinition(Version, transaction: tx,
            cancellationToken: ct));

    /// <summary>Refreshes the sums unless they are fresh; how.</summary>
    public static async Task<GroupStatsRefresh> RefreshIfStaleAsync(Database warehouse, CancellationToken ct)
    {
        await using (var db = await warehouse.OpenAsync(ct))
            if (await IsFreshAsync(db, ct)) return GroupStatsRefresh.None;
        return await RefreshAsync(warehouse, ct, whenStale: true);
    }

    /// <summary>
    /// Refreshes both tables, empties the lists of changes and records the version the sums were computed from,
    /// in one transaction; <see cref="GroupStatsRefresh.None"/> (and nothing changed) when KPI rows or employees
    /// changed while it read them: the version read before and after differ then, and the run that changed them
    /// refreshes at its own end. Only the listed slices are summed again when the lists hold every change since
    /// the last refresh (it left them empty, and the counts moved only by what ingest stored) and name at most
    /// <paramref name="slicesUpTo"/> of the KPI rows; else every row.
    /// </summary>
    /// <param name="afterWriting">Tests only: runs once the sums are written, before the version is read again
    /// and the transaction commits: to fail or kill the refresh there, or to commit a change beside it.</param>
    /// <param name="whenStale">Keep nothing if another refresh committed these very inputs' sums while this one
    /// waited for its turn (two ingests ending together).</param>
    /// <param name="slicesUpTo">The share of KPI rows below which the listed slices are summed again alone; 0:
    /// every row, always.</param>
    public static async Task<GroupStatsRefresh> RefreshAsync(Database warehouse, CancellationToken ct,
        Func<DbConnection, Task>? afterWriting = null, bool whenStale = false, double slicesUpTo = SlicesUpTo)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        // The version row is written first, so two refreshes take turns (its row lock on PostgreSQL and SQL
        // Server, the write lock on SQLite) instead of both emptying and filling the tables.
        await ExecuteAsync(db, tx, "UPDATE kpi_group_stats_version SET refreshed_at = refreshed_at", ct);
        var before = await ReadVersionAsync(db, tx, ct);
        var recorded = await db.QuerySingleAsync<RecordedVersion>(new CommandDefinition(Recorded, transaction: tx,
            cancellationToken: ct));
        if (whenStale && recorded.Inputs == before)
        {
            await tx.RollbackAsync(ct);
            return GroupStatsRefresh.None;
        }
        var kind = recorded.Tracked == 1 && before.ChangedByIngestOnlySince(recorded.Inputs)
            && (await KpiGroupStatsSlices.ReadAsync(db, tx, warehouse.Target.Engine, ct)).Share < slicesUpTo
            ? GroupStatsRefresh.Slices : GroupStatsRefresh.Whole;
        var statements = kind == GroupStatsRefresh.Slices ? KpiGroupStatsSlices.Rewrite(warehouse.Target.Engine)
            : ["DELETE FROM kpi_group_stats", "DELETE FROM kpi_role_location_stats", Groups, AcrossTeams];
        foreach (var sql in statements) await ExecuteAsync(db, tx, sql, ct);
        // Emptied before the version is read again: a batch that listed a change after this statement began
        // committed a higher version too, and the refresh keeps nothing.
        await ExecuteAsync(db, tx, KpiGroupStatsSlices.Forget, ct);
        if (afterWriting is not null) await afterWriting(db);
        // Under read committed each statement sees what was committed when it started: equal versions before
        // and after mean no change was committed in between, so the sums are those of `before`.
        if (await ReadVersionAsync(db, tx, ct) != before)
        {
            await tx.RollbackAsync(ct);
            return GroupStatsRefresh.None;
        }
        await db.ExecuteAsync(new CommandDefinition("""
            UPDATE kpi_group_stats_version
            SET changes = @Changes, kpi_rows = @KpiRows, employees = @Employees, kpi_stored = @KpiStored,
                employees_stored = @EmployeesStored, tracked = 1, refreshed_at = @at
            """, new
            {
                before.Changes, before.KpiRows, before.Employees, before.KpiStored, before.EmployeesStored,
                at = Clock.UtcStamp(),
            }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return kind;
    }

    // A whole warehouse's KPI rows are read here: no command timeout on the servers (a PostgreSQL or SQL Server
    // command stops after 30 s by default); SQLite's timeout is its busy wait, kept as the connection has it.
    static Task ExecuteAsync(DbConnection db, DbTransaction tx, string sql, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(sql, transaction: tx,
            commandTimeout: db is Microsoft.Data.Sqlite.SqliteConnection ? null : 0, cancellationToken: ct));
}
