using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using Overview = Impact.Dashboard.Pages.IndexModel;
using MetricPage = Impact.Dashboard.Pages.Metrics.DetailModel;
using InterventionList = Impact.Dashboard.Pages.Interventions.IndexModel;
using InterventionPage = Impact.Dashboard.Pages.Interventions.DetailModel;
using EngagementPage = Impact.Dashboard.Pages.Engagement.IndexModel;
using DataPage = Impact.Dashboard.Pages.Data.IndexModel;

namespace Impact.Tests.Dashboard.Pages;

/// <summary>The overview's query, and what every page's query does on an empty or unknown warehouse, on every
/// engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class PageQueryTests(Engine engine) : PageQueryFixture(engine)
{
    [Test]
    public async Task Overview_groups_metrics_by_owner_and_counts_the_latest_runs_verdicts()
    {
        var data = await Overview.Query.RunAsync(Seeded, None);
        Assert.That(data.ByOwner.Select(g => g.Key),
            Is.EqualTo(new[] { DashboardSeed.ServiceOwner, DashboardSeed.SalesOwner }));
        Assert.That(data.ByOwner[DashboardSeed.ServiceOwner].Select(m => m.MetricId),
            Is.EquivalentTo(new[] { "fcr", "aht" }));
        Assert.That(data.Counts.Employees, Is.EqualTo(12));
        Assert.That(data.Metrics.Single(m => m.MetricId == "nps_calls").Observations, Is.Zero);
        Assert.That(data.Metrics.Single(m => m.MetricId == "fcr").LastPeriod, Is.EqualTo("2025-03-01"));
        Assert.That(data.CountOf(Verdicts.Improved), Is.EqualTo(1), "the older run's 'worsened' must not count");
        Assert.That(data.CountOf(Verdicts.Worsened), Is.Zero);
        Assert.That(data.CountOf(Verdicts.Insufficient), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_metric_or_intervention_is_null_not_an_error()
    {
        Assert.That(await MetricPage.Query.RunAsync(Seeded, "nope", None), Is.Null);
        Assert.That(await InterventionPage.Query.RunAsync(Seeded, "nope", None), Is.Null);
    }

    [Test]
    public async Task Every_query_answers_on_an_empty_warehouse()
    {
        var overview = await Overview.Query.RunAsync(Empty, None);
        Assert.That((overview.Metrics.Count, overview.Run, overview.Counts.Employees),
            Is.EqualTo((0, (EstimateRunStamp?)null, 0L)));
        Assert.That((await InterventionList.Query.RunAsync(Empty, None)).RunId, Is.Null);
        Assert.That((await EngagementPage.Query.RunAsync(Empty, GroupSizeRule.Of(5), None)).Surveys, Is.Empty);
        Assert.That((await DataPage.Query.RunAsync(Empty, 1, None)).Selected, Is.Null);
    }

    [Test]
    public async Task Overview_still_reads_rows_after_an_empty_first_answer_and_null_first_values()
    {
        // SQLite reports untyped columns of an empty answer (and of NULLs) as byte[]; the mapping made
        // from that first answer is cached and must still convert the real values that come later.
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine);
        Assert.That((await Overview.Query.RunAsync(warehouse, None)).Metrics, Is.Empty);
        await using (var db = await warehouse.OpenAsync(None))
        {
            await Dapper.SqlMapper.ExecuteAsync(db, """
                INSERT INTO metrics (metric_id, name, unit, direction, owner, level, kind)
                VALUES ('a', 'Alpha', NULL, 'higher_is_better', 'Ops', 'team', 'performance'),
                       ('b', 'Beta', 'h', 'lower_is_better', 'Ops', 'team', 'performance')
                """);
            await Dapper.SqlMapper.ExecuteAsync(db,
                "INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) VALUES ('b', 'T1', " +
                "'2025-01-01', 2.5)");
        }
        var metrics = (await Overview.Query.RunAsync(warehouse, None)).Metrics;
        Assert.That(metrics.Select(m => (m.MetricId, m.Observations, m.FirstPeriod)),
            Is.EqualTo(new[] { ("a", 0L, (string?)null), ("b", 1L, "2025-01-01") }));
    }
}
