using Dapper;
using Impact.Dashboard.Filters;
using Impact.Dashboard.Pages.Metrics;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Dashboard.Pages.Metrics;

/// <summary>
/// Every metric trend query SQLite plans keeps to an index: the per-period stats by metric when no subject is
/// filtered, else the people by team, role or location and their rows by (metric, subject) — never a scan of
/// the metric's rows or of the people. SQLite plans without statistics, so its plan is the same on an empty
/// warehouse as on 100,000 employees.
/// </summary>
public sealed class TrendPlanTests
{
    static IEnumerable<TestCaseData> Filters()
    {
        yield return Case("employee", PageFilter.None, "stats, no filter");
        yield return Case("employee", new PageFilter(null, null, null, "2025-02-01", "2025-06-01"), "stats, dates");
        yield return Case("team", new PageFilter("T1", "agent", null, null, null), "team-level metric by team");
        yield return Case("employee", new PageFilter("T1", null, null, null, null), "people by team");
        yield return Case("employee", new PageFilter(null, "agent", null, "2025-02-01", null), "people by role");
        yield return Case("employee", new PageFilter(null, null, "Leeds", null, null), "people by location");
    }

    static TestCaseData Case(string level, PageFilter filter, string name) =>
        new TestCaseData(level, filter).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Filters))]
    public async Task The_trend_query_searches_an_index_at_every_step(string level, PageFilter filter)
    {
        var plan = await PlanAsync(TrendFilter.Sql(level, filter), filter);

        Assert.That(plan.Where(step => step.StartsWith("SCAN", StringComparison.Ordinal)), Is.Empty,
            string.Join("; ", plan));
        var rows = plan.Single(step => step.StartsWith("SEARCH k ", StringComparison.Ordinal));
        Assert.That(rows, TrendFilter.BySubjects(level, filter)
            ? Does.Contain("PRIMARY KEY (metric_id=? AND subject_id=?")
            : Does.Contain("sqlite_autoindex_kpi_period_stats_1 (metric_id=?"), string.Join("; ", plan));
    }

    static IEnumerable<TestCaseData> ByPeople()
    {
        yield return new TestCaseData(new PageFilter("T1", null, null, null, null), "ix_kpi_group_stats (metric_id=? "
            + "AND team_id=?)").SetArgDisplayNames("team");
        yield return new TestCaseData(new PageFilter("T1", "agent", "Leeds", "2025-02-01", "2025-06-01"),
            "ix_kpi_group_stats (metric_id=? AND team_id=? AND period_start>? AND period_start<?)")
            .SetArgDisplayNames("team, role, location and dates");
        yield return new TestCaseData(new PageFilter(null, "agent", null, "2025-02-01", null),
            "ix_kpi_role_stats (metric_id=? AND role=? AND period_start>?)").SetArgDisplayNames("role from a date");
        yield return new TestCaseData(new PageFilter(null, null, "Leeds", null, null),
            "ix_kpi_location_stats (metric_id=? AND location=?)").SetArgDisplayNames("location");
    }

    [TestCaseSource(nameof(ByPeople))]
    public async Task The_trend_from_the_sums_per_team_role_and_location_searches_their_index(PageFilter filter,
        string search)
    {
        var plan = await PlanAsync(TrendFilter.GroupsSql(filter), filter);

        Assert.That(plan.Where(step => step.StartsWith("SCAN", StringComparison.Ordinal)), Is.Empty,
            string.Join("; ", plan));
        Assert.That(plan, Has.One.Contains(search), string.Join("; ", plan));
    }

    static async Task<List<string>> PlanAsync(string sql, PageFilter filter)
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return (await db.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + sql, TrendFilter.Parameters("sales", filter)))
            .Select(step => step.Detail).ToList();
    }
}
