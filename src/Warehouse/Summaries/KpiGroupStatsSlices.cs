using System.Data.Common;
using Dapper;

namespace Impact.Warehouse.Summaries;

/// <summary>
/// The part of the KPI sums per team, role and location that changed since they were computed, and its
/// rewrite: the (metric, period) pairs ingest batches stored or updated KPI rows in, and the groups (team, role,
/// location) people joined or left (migration 0022). Each is deleted from the sums and summed again from the rows,
/// with the same GROUP BY as the whole refresh; <c>kpi_role_location_stats</c> again from the group sums, for the
/// pairs and the (role, location) of the groups. A group and a pair may both be listed: the group's statement,
/// which runs second, deletes and sums again what the pair's wrote, from the same rows.
/// </summary>
static class KpiGroupStatsSlices
{
    /// <summary>What the lists name, and how many KPI rows the rewrite would read about.</summary>
    public sealed record Listed(long Pairs, long Groups, long TouchedRows, long MovedPeople, long KpiRows,
        long Employees)
    {
        /// <summary>The KPI rows of the pairs and of the people in the listed groups, as a share of all.</summary>
        public double Share => KpiRows == 0 ? 1
            : (TouchedRows + (Employees == 0 ? 0 : (double)MovedPeople * KpiRows / Employees)) / KpiRows;
    }

    public static async Task<Listed> ReadAsync(DbConnection db, DbTransaction tx, Engine engine, CancellationToken ct)
    {
        var sql = $"""
            SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM kpi_group_stats_touched) AS Pairs,
                   (SELECT CAST(COUNT(*) AS BIGINT) FROM {MovedGroups}) AS Groups,
                   (SELECT CAST(COALESCE(SUM(p.subjects), 0) AS BIGINT) FROM kpi_group_stats_touched t
                    JOIN kpi_period_stats p ON p.metric_id = t.metric_id AND p.period_start = t.period_start)
                       AS TouchedRows,
                   (SELECT CAST(COUNT(*) AS BIGINT) FROM {MovedGroups} CROSS JOIN {People(engine)}
                    WHERE {InGroup(engine, "e")}) AS MovedPeople,
                   (SELECT CAST(COALESCE(SUM(subjects), 0) AS BIGINT) FROM kpi_period_stats) AS KpiRows,
                   (SELECT row_count FROM table_rows WHERE table_name = 'employees') AS Employees
            """;
        return await db.QuerySingleAsync<Listed>(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
    }

    /// <summary>The statements that rewrite the listed slices, in order.</summary>
    public static IEnumerable<string> Rewrite(Engine engine)
    {
        yield return $"DELETE FROM kpi_group_stats WHERE {PairListed("kpi_group_stats")}";
        // Each person's row of the pair by the KPI key: one search per person and pair (SQLite keeps a CROSS
        // JOIN's order; the servers plan it as the inner join it is).
        yield return $"""
            {InsertGroups}
            FROM kpi_group_stats_touched t CROSS JOIN employees e CROSS JOIN kpi_observations k
            WHERE k.metric_id = t.metric_id AND k.subject_id = e.employee_id AND k.period_start = t.period_start
            GROUP BY k.metric_id, e.team_id, e.role, e.location, k.period_start
            """;
        yield return $"""
            DELETE FROM kpi_group_stats
            WHERE EXISTS (SELECT 1 FROM kpi_group_stats_moved g WHERE {SameGroup(engine, "kpi_group_stats")})
            """;
        // The people of the listed groups (by the team index on SQLite), then their rows by the subject index.
        yield return $"""
            {InsertGroups}
            FROM {MovedGroups} CROSS JOIN {People(engine)} CROSS JOIN metrics m CROSS JOIN kpi_observations k
            WHERE {InGroup(engine, "e")} AND k.metric_id = m.metric_id AND k.subject_id = e.employee_id
            GROUP BY k.metric_id, e.team_id, e.role, e.location, k.period_start
            """;
        yield return
            $"DELETE FROM kpi_role_location_stats WHERE {RoleLocationListed(engine, "kpi_role_location_stats")}";
        yield return $"""
            INSERT INTO kpi_role_location_stats (metric_id, role, location, period_start, subjects, total, squares,
                                                 low, high)
            SELECT metric_id, role, location, period_start, SUM(subjects), SUM(total), SUM(squares), MIN(low),
                   MAX(high)
            FROM kpi_group_stats s
            WHERE {RoleLocationListed(engine, "s")}
            GROUP BY metric_id, role, location, period_start
            """;
    }

    public const string Forget = "DELETE FROM kpi_group_stats_touched; DELETE FROM kpi_group_stats_moved";

    // A pair listed, or the (role, location) of a group listed: what a row of kpi_role_location_stats sums.
    static string RoleLocationListed(Engine engine, string row) => $"""
        {PairListed(row)}
        OR EXISTS (SELECT 1 FROM (SELECT DISTINCT role, location FROM kpi_group_stats_moved) g
                   WHERE {Same(engine, "g.role", $"{row}.role")} AND {Same(engine, "g.location", $"{row}.location")})
        """;

    const string InsertGroups = """
        INSERT INTO kpi_group_stats (metric_id, team_id, role, location, period_start, subjects, total, squares,
                                     low, high)
        SELECT k.metric_id, e.team_id, e.role, e.location, k.period_start, COUNT(*), SUM(k.value),
               SUM(k.value * k.value), MIN(k.value), MAX(k.value)
        """;

    // A group's people by team: SQLite's planner otherwise takes the location index, a quarter of everyone.
    static string People(Engine engine) =>
        engine == Engine.Sqlite ? "employees e INDEXED BY ix_employees_team" : "employees e";

    const string MovedGroups = "(SELECT DISTINCT team_id, role, location FROM kpi_group_stats_moved) g";

    static string PairListed(string row) => "EXISTS (SELECT 1 FROM kpi_group_stats_touched t " +
        $"WHERE t.metric_id = {row}.metric_id AND t.period_start = {row}.period_start)";

    static string InGroup(Engine engine, string person) =>
        $"{Same(engine, $"{person}.team_id", "g.team_id")} AND {Same(engine, $"{person}.role", "g.role")} " +
        $"AND {Same(engine, $"{person}.location", "g.location")}";

    static string SameGroup(Engine engine, string row) =>
        $"{Same(engine, "g.team_id", $"{row}.team_id")} AND {Same(engine, "g.role", $"{row}.role")} " +
        $"AND {Same(engine, "g.location", $"{row}.location")}";

    // Equal, NULL with NULL: SQLite's IS can use an index; the servers' IS NOT DISTINCT FROM can be neither
    // hashed nor indexed, so they compare with NULL read as ''. That may also match '' with NULL: the deletes and
    // the sums use the same test, so a group matched that way is deleted and summed again, never lost.
    static string Same(Engine engine, string left, string right) => engine == Engine.Sqlite
        ? $"{left} IS {right}" : $"COALESCE({left}, '') = COALESCE({right}, '')";
}
