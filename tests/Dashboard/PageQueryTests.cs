using Impact.Dashboard.Display;
using Impact.Ingest.Db;
using Impact.Tests.Infrastructure;
using Overview = Impact.Dashboard.Pages.IndexModel;
using MetricPage = Impact.Dashboard.Pages.Metrics.DetailModel;
using InterventionList = Impact.Dashboard.Pages.Interventions.IndexModel;
using InterventionPage = Impact.Dashboard.Pages.Interventions.DetailModel;
using EngagementPage = Impact.Dashboard.Pages.Engagement.IndexModel;
using DataPage = Impact.Dashboard.Pages.Data.IndexModel;

namespace Impact.Tests.Dashboard;

/// <summary>Each page's one query against a seeded warehouse, on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class PageQueryTests(Engine engine)
{
    static readonly CancellationToken None = CancellationToken.None;
    Warehouse seeded = null!;
    Warehouse empty = null!;

    [OneTimeSetUp]
    public async Task CreateWarehouses()
    {
        seeded = await TestDatabases.CreateMigratedAsync(engine);
        await DashboardSeed.SeedAsync(seeded);
        empty = await TestDatabases.CreateMigratedAsync(engine);
    }

    [Test]
    public async Task Overview_groups_metrics_by_owner_and_counts_the_latest_runs_verdicts()
    {
        var data = await Overview.Query.RunAsync(seeded, None);
        Assert.That(data.ByOwner.Select(g => g.Key), Is.EqualTo(new[] { DashboardSeed.ServiceOwner, DashboardSeed.SalesOwner }));
        Assert.That(data.ByOwner[DashboardSeed.ServiceOwner].Select(m => m.MetricId), Is.EquivalentTo(new[] { "fcr", "aht" }));
        Assert.That(data.Counts.Employees, Is.EqualTo(12));
        Assert.That(data.Counts.SurveyResponses, Is.EqualTo(14));
        Assert.That(data.Metrics.Single(m => m.MetricId == "nps_calls").Observations, Is.Zero);
        Assert.That(data.Metrics.Single(m => m.MetricId == "fcr").LastPeriod, Is.EqualTo("2025-03-01"));
        Assert.That(data.CountOf(Verdicts.Improved), Is.EqualTo(1), "the older run's 'worsened' must not count");
        Assert.That(data.CountOf(Verdicts.Worsened), Is.Zero);
        Assert.That(data.CountOf(Verdicts.Insufficient), Is.EqualTo(1));
    }

    [Test]
    public async Task Metric_trend_gives_mean_and_spread_across_subjects_per_period()
    {
        var data = (await MetricPage.Query.RunAsync(seeded, "fcr", None))!;
        Assert.That(data.Trend.Select(p => p.PeriodStart), Is.EqualTo(new[] { "2025-01-01", "2025-02-01", "2025-03-01" }));
        var january = data.Trend[0];
        Assert.That(january.Subjects, Is.EqualTo(4));
        Assert.That(january.Mean, Is.EqualTo(75).Within(1e-9));
        Assert.That(january.Spread, Is.EqualTo(12.909944).Within(1e-5)); // sample SD of 60, 70, 80, 90
        Assert.That(data.Trend[2].Mean, Is.EqualTo(77).Within(1e-9));
        Assert.That(data.Estimates.Select(e => (e.InterventionId, e.Verdict)),
            Is.EquivalentTo(new[] { ("coach", "improved"), ("elearn", "no_detectable_effect"), ("mandatory", "insufficient_data") }));
    }

    [Test]
    public async Task An_unknown_metric_or_intervention_is_null_not_an_error()
    {
        Assert.That(await MetricPage.Query.RunAsync(seeded, "nope", None), Is.Null);
        Assert.That(await InterventionPage.Query.RunAsync(seeded, "nope", None), Is.Null);
    }

    [Test]
    public async Task Intervention_detail_reads_the_latest_succeeded_run_and_its_detail_json()
    {
        var data = (await InterventionPage.Query.RunAsync(seeded, "coach", None))!;
        var pair = data.Pairs.Single();
        Assert.That(pair.Verdict, Is.EqualTo("improved"));
        Assert.That(pair.Unit, Is.EqualTo("%"));
        Assert.That(pair.Parsed.Estimate, Is.EqualTo(4.2));
        Assert.That(pair.Parsed.NaiveDifference, Is.EqualTo(9.8));
        Assert.That(pair.Parsed.EventStudy.Select(p => p.RelativePeriod), Is.EqualTo(new[] { -2, -1, 0, 1 }));
        var mandatory = (await InterventionPage.Query.RunAsync(seeded, "mandatory", None))!.Pairs.Single();
        Assert.That(mandatory.Estimated, Is.False);
        Assert.That(mandatory.Reason, Is.EqualTo(DashboardSeed.InsufficientReason));
        Assert.That(mandatory.Parsed.Unreadable, Is.True);
    }

    [Test]
    public async Task Intervention_list_counts_people_who_completed_not_rows()
    {
        var data = await InterventionList.Query.RunAsync(seeded, None);
        Assert.That(data.Interventions.Single(i => i.InterventionId == "coach").Completers, Is.EqualTo(2), "e1 twice, e2 once, e3 only enrolled");
        Assert.That(data.VerdictsOf["coach"].Select(v => v.Verdict), Is.EqualTo(new[] { "improved" }));
    }

    [Test]
    public async Task Engagement_hides_groups_below_the_minimum_and_computes_enps()
    {
        var survey = (await EngagementPage.Query.RunAsync(seeded, 5, None)).Surveys.Single();
        var t1 = survey.Groups.Single(g => g.TeamId == "T1");
        Assert.That(t1.Hidden, Is.False);
        Assert.That(t1.Enps, Is.EqualTo(100.0 * (4 - 1) / 6).Within(1e-9)); // promoters 10,9,9,10; detractor 3
        Assert.That(t1.Items["belonging"], Is.EqualTo(22.0 / 6).Within(1e-9));
        var t2 = survey.Groups.Single(g => g.TeamId == "T2");
        Assert.That(t2.Hidden, Is.True);
        Assert.That(t2.Enps, Is.Null);
        Assert.That(t2.Items, Is.Empty, "a hidden group's values must not leave the query");
        var t3 = survey.Groups.Single(g => g.TeamId == "T3");
        Assert.That(t3.Hidden, Is.False, "exactly the minimum is shown");
        Assert.That(t3.Enps, Is.Null, "nobody in T3 answered eNPS");
        Assert.That(t3.Team, Is.EqualTo("T3"), "a team without a name is shown by its id");
    }

    [Test]
    public async Task Data_freshness_uses_the_last_stored_run_per_source_and_lists_rejections()
    {
        var data = await DataPage.Query.RunAsync(seeded, null, None);
        var kpi = data.Sources.Single(s => s.Source == "kpi");
        Assert.That(kpi.LastSuccess!.Location, Is.EqualTo("/data/kpi.csv"), "a dry run stores nothing, so it is not freshness");
        Assert.That(kpi.LastSuccess.RowsRejected, Is.EqualTo(2));
        var completions = data.Sources.Single(s => s.Source == "completions");
        Assert.That(completions.LastSuccess, Is.Null);
        Assert.That(completions.LastAttemptFailed, Is.True);
        Assert.That(data.Recent, Has.Count.EqualTo(4));

        var withRejections = await DataPage.Query.RunAsync(seeded, kpi.LastSuccess.RunId, None);
        Assert.That(withRejections.Rejections.Select(r => (r.Line, r.Field)), Is.EqualTo(new[] { ((long?)7, "value"), (12, "metric_id") }));
    }

    [Test]
    public async Task Every_query_answers_on_an_empty_warehouse()
    {
        var overview = await Overview.Query.RunAsync(empty, None);
        Assert.That((overview.Metrics.Count, overview.Run, overview.Counts.Employees), Is.EqualTo((0, (Overview.Run?)null, 0L)));
        Assert.That((await InterventionList.Query.RunAsync(empty, None)).RunId, Is.Null);
        Assert.That((await EngagementPage.Query.RunAsync(empty, 5, None)).Surveys, Is.Empty);
        Assert.That((await DataPage.Query.RunAsync(empty, 1, None)).Selected, Is.Null);
    }

    [Test]
    public async Task Overview_still_reads_rows_after_an_empty_first_answer_and_null_first_values()
    {
        // SQLite reports untyped columns of an empty answer (and of NULLs) as byte[]; the mapping made
        // from that first answer is cached and must still convert the real values that come later.
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        Assert.That((await Overview.Query.RunAsync(warehouse, None)).Metrics, Is.Empty);
        await using (var db = await warehouse.OpenAsync(None))
        {
            await Dapper.SqlMapper.ExecuteAsync(db, """
                INSERT INTO metrics (metric_id, name, unit, direction, owner, level, kind)
                VALUES ('a', 'Alpha', NULL, 'higher_is_better', 'Ops', 'team', 'performance'),
                       ('b', 'Beta', 'h', 'lower_is_better', 'Ops', 'team', 'performance')
                """);
            await Dapper.SqlMapper.ExecuteAsync(db, "INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) VALUES ('b', 'T1', '2025-01-01', 2.5)");
        }
        var metrics = (await Overview.Query.RunAsync(warehouse, None)).Metrics;
        Assert.That(metrics.Select(m => (m.MetricId, m.Observations, m.FirstPeriod)),
            Is.EqualTo(new[] { ("a", 0L, (string?)null), ("b", 1L, "2025-01-01") }));
    }
}
