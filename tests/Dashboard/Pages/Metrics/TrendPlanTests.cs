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
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var plan = (await db.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + TrendFilter.Sql(level, filter), TrendFilter.Parameters("sales", filter)))
            .Select(step => step.Detail).ToList();

        Assert.That(plan.Where(step => step.StartsWith("SCAN", StringComparison.Ordinal)), Is.Empty,
            string.Join("; ", plan));
        var rows = plan.Single(step => step.StartsWith("SEARCH k ", StringComparison.Ordinal));
        Assert.That(rows, TrendFilter.BySubjects(level, filter)
            ? Does.Contain("PRIMARY KEY (metric_id=? AND subject_id=?")
            : Does.Contain("sqlite_autoindex_kpi_period_stats_1 (metric_id=?"), string.Join("; ", plan));
    }
}
