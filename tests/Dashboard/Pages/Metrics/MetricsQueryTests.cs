using Dapper;
using Impact.Dashboard.Filters;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using MetricPage = Impact.Dashboard.Pages.Metrics.DetailModel;

namespace Impact.Tests.Dashboard.Pages.Metrics;

/// <summary>The metric page's query on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class MetricsQueryTests(Engine engine) : PageQueryFixture(engine)
{
    [Test]
    public async Task Metric_trend_gives_mean_and_spread_across_subjects_per_period()
    {
        var data = (await MetricPage.Query.RunAsync(Seeded, "fcr", None))!;
        Assert.That(data.Trend.Select(p => p.PeriodStart),
            Is.EqualTo(new[] { "2025-01-01", "2025-02-01", "2025-03-01" }));
        var january = data.Trend[0];
        Assert.That(january.Subjects, Is.EqualTo(4));
        Assert.That(january.Mean, Is.EqualTo(75).Within(1e-9));
        Assert.That(january.Spread, Is.EqualTo(12.909944).Within(1e-5)); // sample SD of 60, 70, 80, 90
        Assert.That(data.Trend[2].Mean, Is.EqualTo(77).Within(1e-9));
        Assert.That(data.Estimates.Select(e => (e.InterventionId, e.Verdict)),
            Is.EquivalentTo(new[] { ("coach", "improved"), ("elearn", "no_detectable_effect"),
                ("mandatory", "insufficient_data") }));
    }

    [Test]
    public async Task Filtered_trend_keeps_only_the_people_and_periods_asked_for()
    {
        var late = (await MetricPage.Query.RunAsync(Seeded, "fcr", None,
            new PageFilter(null, null, null, "2025-02-01", null)))!;
        Assert.That(late.Trend.Select(p => p.PeriodStart), Is.EqualTo(new[] { "2025-02-01", "2025-03-01" }));
        var elsewhere = (await MetricPage.Query.RunAsync(Seeded, "fcr", None,
            new PageFilter("T2", null, null, null, null)))!;
        Assert.That(elsewhere.Trend, Is.Empty, "fcr's four people all work in T1");
        var agents = (await MetricPage.Query.RunAsync(Seeded, "fcr", None,
            new PageFilter("T1", "agent", null, null, "2025-01-31")))!;
        await using var db = await Seeded.OpenAsync(None);
        var expected = await db.QuerySingleAsync<double>("SELECT CAST(AVG(k.value) AS DOUBLE PRECISION) " +
            "FROM kpi_observations k JOIN employees e ON e.employee_id = k.subject_id WHERE k.metric_id = 'fcr' " +
            "AND e.team_id = 'T1' AND e.role = 'agent' AND k.period_start = '2025-01-01'");
        Assert.That(agents.Trend.Single().Mean, Is.EqualTo(expected).Within(1e-9).And.EqualTo(75).Within(1e-9));
    }
}
