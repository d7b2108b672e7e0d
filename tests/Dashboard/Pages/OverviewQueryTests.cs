using Dapper;
using Impact.Dashboard.Pages;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Overview = Impact.Dashboard.Pages.IndexModel;

namespace Impact.Tests.Dashboard.Pages;

/// <summary>The overview's matrix, completion table, metric cards and run state on every engine, each number
/// checked against a SQL query of its own.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class OverviewQueryTests(Engine engine) : PageQueryFixture(engine)
{
    [Test]
    public async Task Matrix_has_a_cell_per_pair_of_the_latest_succeeded_run()
    {
        var data = await Overview.Query.RunAsync(Seeded, None);
        var matrix = data.Matrix;
        Assert.That(matrix.Metrics.Select(m => m.MetricId), Is.EqualTo(new[] { "fcr" }),
            "only metrics the run estimated are columns");
        Assert.That(matrix.Interventions.Select(i => i.InterventionId),
            Is.EquivalentTo(new[] { "coach", "elearn", "mandatory" }));
        Assert.That(matrix.Cell("coach", "fcr")!.Verdict, Is.EqualTo(Verdicts.Improved));
        Assert.That(matrix.Cell("coach", "aht"), Is.Null, "a pair the run did not estimate has no cell");
        Assert.That(matrix.CompletionRows.Select(p => p.InterventionId), Is.EquivalentTo(new[] { "coach", "elearn" }),
            "a pair without an estimate has no causal number to set beside completion");
    }

    [Test]
    public async Task Completion_row_carries_the_stored_naive_difference_completion_rate_and_effect()
    {
        var coach = (await Overview.Query.RunAsync(Seeded, None)).Matrix.Cell("coach", "fcr")!.Parsed;
        await using var db = await Seeded.OpenAsync(None);
        var stored = await db.QuerySingleAsync<string>("SELECT detail FROM estimate_results r WHERE " +
            "intervention_id = 'coach' AND metric_id = 'fcr' AND run_id = (SELECT MAX(run_id) FROM estimate_runs " +
            "WHERE status = 'succeeded')");
        var pair = System.Text.Json.JsonSerializer.Deserialize<PairResult>(stored, EstimateRunTables.Json)!;
        Assert.That(coach.NaiveDifference, Is.EqualTo(pair.NaiveDifference).And.EqualTo(9.8));
        Assert.That(coach.CompletionRate, Is.EqualTo(pair.CompletionRate).And.EqualTo(0.5));
        Assert.That(coach.Estimate, Is.EqualTo(pair.Estimate).And.EqualTo(4.2));
    }

    [Test]
    public async Task Metric_card_shows_the_latest_periods_mean_and_the_change_since_the_first()
    {
        var data = await Overview.Query.RunAsync(Seeded, None);
        var change = data.ChangeOf(data.Metrics.Single(m => m.MetricId == "fcr"))!;
        await using var db = await Seeded.OpenAsync(None);
        var latest = await db.QuerySingleAsync<double>("SELECT CAST(AVG(value) AS DOUBLE PRECISION) FROM " +
            "kpi_observations WHERE metric_id = 'fcr' AND period_start = '2025-03-01'");
        var first = await db.QuerySingleAsync<double>("SELECT CAST(AVG(value) AS DOUBLE PRECISION) FROM " +
            "kpi_observations WHERE metric_id = 'fcr' AND period_start = '2025-01-01'");
        Assert.That(change.LatestPeriod, Is.EqualTo("2025-03-01"));
        Assert.That(change.Latest, Is.EqualTo(latest).Within(1e-9).And.EqualTo(77).Within(1e-9));
        Assert.That(change.Change, Is.EqualTo(latest - first).Within(1e-9));
        Assert.That(change.Better, Is.True, "first-contact resolution is better higher");
        Assert.That(data.ChangeOf(data.Metrics.Single(m => m.MetricId == "nps_calls")), Is.Null);
    }

    [Test]
    public async Task Run_state_is_the_newest_run_whatever_its_outcome()
    {
        var data = await Overview.Query.RunAsync(Seeded, None);
        Assert.That(data.Newest!.Status, Is.EqualTo(EstimateRunStatus.Failed));
        Assert.That(data.Newest.RunId, Is.GreaterThan(data.Run!.RunId), "a newer failed run beside the one shown");
        Assert.That(data.Newest.Sentence, Does.StartWith($"Run #{data.Newest.RunId} failed"));
        Assert.That(data.Newest.Sentence, Does.Contain("it left no message"));
    }

    [Test]
    public async Task Empty_warehouse_has_no_run_matrix_or_trend()
    {
        var data = await Overview.Query.RunAsync(Empty, None);
        Assert.That(data.Newest, Is.Null);
        Assert.That(data.Means, Is.Empty);
        Assert.That(data.Matrix.Interventions, Is.Empty);
    }
}
