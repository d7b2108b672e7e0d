using System.Data.Common;
using Dapper;
using Impact.Dashboard.Filters;
using Impact.Warehouse.Summaries;

namespace Impact.Dashboard.Pages.Metrics;

/// <summary>
/// The metric trend's query under a filter. An employee-level metric is filtered by the people's current team,
/// role and location; a team-level metric only by team (its subjects are teams). Conditions are fixed text
/// with parameters, so the query keeps to an index and no value is ever in the SQL: the per-period stats'
/// key without a subject filter; for people, the sums per team, role and location (migration 0020) while they
/// are fresh, else the people by team, role or location (an index each) and their rows along the (metric,
/// subject, period) key; a team-level metric's rows by (metric, team), a few dozen rows that need no summing.
/// </summary>
public static class TrendFilter
{
    // Mean and mean of squares per period, cast so every engine returns the same types;
    // the spread is derived from them in C# (no portable STDDEV across SQLite/PostgreSQL/SQL Server).
    const string Select = """
        SELECT k.period_start AS PeriodStart, CAST(COUNT(*) AS BIGINT) AS Subjects,
               CAST(AVG(k.value) AS DOUBLE PRECISION) AS Mean,
               CAST(AVG(k.value * k.value) AS DOUBLE PRECISION) AS MeanSquare,
               CAST(MIN(k.value) AS DOUBLE PRECISION) AS Low, CAST(MAX(k.value) AS DOUBLE PRECISION) AS High
        """;

    // Unfiltered or by date alone, the trend is the stats the KPI rows keep per period (migration 0015): the
    // same figures without reading every row.
    const string FromStats = """
        SELECT period_start AS PeriodStart, subjects AS Subjects,
               CAST(total AS DOUBLE PRECISION) / subjects AS Mean,
               CAST(squares AS DOUBLE PRECISION) / subjects AS MeanSquare, low AS Low, high AS High
        FROM kpi_period_stats k
        """;

    // For people: the groups' sums added up per period (the sum of sums, the lowest of lows), which are the
    // figures the rows give. With a team, that team's groups; without, the groups across all teams.
    const string FromGroups = """
        SELECT k.period_start AS PeriodStart, CAST(SUM(k.subjects) AS BIGINT) AS Subjects,
               CAST(SUM(k.total) AS DOUBLE PRECISION) / CAST(SUM(k.subjects) AS DOUBLE PRECISION) AS Mean,
               CAST(SUM(k.squares) AS DOUBLE PRECISION) / CAST(SUM(k.subjects) AS DOUBLE PRECISION) AS MeanSquare,
               CAST(MIN(k.low) AS DOUBLE PRECISION) AS Low, CAST(MAX(k.high) AS DOUBLE PRECISION) AS High
        """;

    /// <summary>
    /// The trend under the filter: for people, from the summed groups when they are fresh (one small query,
    /// <see cref="KpiGroupStats.IsFreshAsync"/>, then one by their index), else from the rows; never from sums
    /// computed before the latest change. Either way the figures are the rows' own.
    /// </summary>
    public static async Task<List<DetailModel.Period>> ReadAsync(DbConnection db, string level, string id,
        PageFilter f, CancellationToken ct)
    {
        var sql = ByPeople(level, f) && await KpiGroupStats.IsFreshAsync(db, ct) ? GroupsSql(f) : Sql(level, f);
        return [.. await db.QueryAsync<DetailModel.Period>(new CommandDefinition(sql, Parameters(id, f),
            cancellationToken: ct))];
    }

    /// <summary>Whether the filter asks for fewer subjects than all: only then are rows (or, for people, their
    /// groups' sums) read instead of the per-period stats.</summary>
    public static bool BySubjects(string level, PageFilter f) => ByPeople(level, f) || f.Team is not null;

    public static bool ByPeople(string level, PageFilter f) =>
        level == "employee" && (f.Team is not null || f.Role is not null || f.Location is not null);

    /// <summary>Whether role or location was asked of a metric measured per team, where they do not apply.</summary>
    public static bool Inapplicable(string level, PageFilter f) =>
        level != "employee" && (f.Role is not null || f.Location is not null);

    public static string Sql(string level, PageFilter f)
    {
        var where = new List<string> { "k.metric_id = @id" };
        if (ByPeople(level, f))
        {
            where.Add("k.subject_id = e.employee_id");
            if (f.Team is not null) where.Add("e.team_id = @team");
            if (f.Role is not null) where.Add("e.role = @role");
            if (f.Location is not null) where.Add("e.location = @location");
        }
        else if (f.Team is not null) where.Add("k.subject_id = @team");
        if (f.From is not null) where.Add("k.period_start >= @from");
        if (f.To is not null) where.Add("k.period_start <= @to");
        if (!BySubjects(level, f)) return $"{FromStats}\nWHERE {string.Join(" AND ", where)}\nORDER BY k.period_start";
        // From the people to their rows, never the other way: SQLite, without statistics, would otherwise read
        // every row of the metric and look each subject up. Its CROSS JOIN keeps this order; the other engines
        // plan it as the inner join it is.
        var from = ByPeople(level, f) ? "FROM employees e CROSS JOIN kpi_observations k" : "FROM kpi_observations k";
        return $"{Select}\n{from}\nWHERE {string.Join(" AND ", where)}\n" +
            "GROUP BY k.period_start ORDER BY k.period_start";
    }

    /// <summary>The trend of an employee-level metric for the people the filter names, from their groups' sums.
    /// </summary>
    public static string GroupsSql(PageFilter f)
    {
        var where = new List<string> { "k.metric_id = @id" };
        if (f.Team is not null) where.Add("k.team_id = @team");
        if (f.Role is not null) where.Add("k.role = @role");
        if (f.Location is not null) where.Add("k.location = @location");
        if (f.From is not null) where.Add("k.period_start >= @from");
        if (f.To is not null) where.Add("k.period_start <= @to");
        var table = f.Team is null ? "kpi_role_location_stats" : "kpi_group_stats";
        return $"{FromGroups}\nFROM {table} k\nWHERE {string.Join(" AND ", where)}\n" +
            "GROUP BY k.period_start ORDER BY k.period_start";
    }

    public static object Parameters(string id, PageFilter f) =>
        new { id, team = f.Team, role = f.Role, location = f.Location, from = f.From, to = f.To };
}
