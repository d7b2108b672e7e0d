using System.Text.Json;
using Dapper;
using Impact.Ingest.Db;
using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Runs;
using Impact.Models.Simulation;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Models;

/// <summary>The models' warehouse path on every engine: read an organisation back, store an estimate run.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class EstimateWarehouseTests(Engine engine)
{
    static readonly SimulationOptions Small = new() { Employees = 150, Months = 12, Seed = 5 };

    async Task<(Warehouse Warehouse, OrganisationSimulator.Result Sim)> SeededAsync()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var sim = new OrganisationSimulator(Small).Run();
        var folder = TempFiles.NewFolder();
        await CanonicalFiles.WriteAsync(sim, folder, Small, CancellationToken.None);
        await CanonicalIngest.LoadAsync(warehouse, folder);
        return (warehouse, sim);
    }

    [Test]
    public async Task Reader_returns_the_organisation_that_was_stored_with_only_finished_completions()
    {
        var (warehouse, sim) = await SeededAsync();
        var org = await WarehouseReader.ReadAsync(warehouse, null, CancellationToken.None);

        Assert.That(org.Employees, Has.Count.EqualTo(Small.Employees));
        Assert.That(org.Metrics.Select(m => m.Id), Is.EquivalentTo(sim.Organisation.Metrics.Select(m => m.Id)));
        Assert.That(org.Kpis, Has.Count.EqualTo(sim.Organisation.Kpis.Count));
        Assert.That(org.Completions, Has.Count.EqualTo(sim.Organisation.Finished.Count()));
        Assert.That(org.AttributeIsNumeric["grade"], Is.True);
        Assert.That(org.AttributeIsNumeric["shift"], Is.False);
        var sales = org.Metrics.Single(m => m.Id == "sales");
        Assert.That(PanelBuilder.Build(org, sales).Periods.Count, Is.EqualTo(Small.Months));
    }

    [Test]
    public async Task Reader_sums_each_employees_xapi_activity_without_voided_or_unmatched_statements()
    {
        var (warehouse, _) = await SeededAsync();
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            const string statement = """
                INSERT INTO xapi_statements (statement_id, actor_key, employee_id, verb_id, activity_id, intervention_id, occurred_at, stored_at, voided)
                VALUES (@id, @actor, @employee, 'http://adlnet.gov/expapi/verbs/experienced', 'https://lms.example/a', NULL, '2024-03-01T10:00:00Z', '2024-03-01T10:00:00Z', @voided)
                """;
            await db.ExecuteAsync(statement, new[]
            {
                new { id = "s1", actor = "mailto:a@example.com", employee = (string?)"E00001", voided = 0 },
                new { id = "s2", actor = "mailto:a@example.com", employee = (string?)"E00001", voided = 0 },
                new { id = "s3", actor = "mailto:a@example.com", employee = (string?)"E00001", voided = 1 },
                new { id = "s4", actor = "mailto:nobody@example.com", employee = (string?)null, voided = 0 },
            });
            await db.ExecuteAsync("INSERT INTO xapi_results (statement_id, duration_seconds) VALUES (@id, @seconds)", new[]
            {
                new { id = "s1", seconds = (double?)1800 }, new { id = "s3", seconds = (double?)36000 }, new { id = "s4", seconds = (double?)600 },
            });
        }
        var org = await WarehouseReader.ReadAsync(warehouse, null, CancellationToken.None);

        Assert.That(org.Xapi.Keys, Is.EquivalentTo(new[] { "E00001" }));
        Assert.That(org.Xapi["E00001"], Is.EqualTo(new XapiActivity(2, 0.5)), "the voided statement's ten hours do not count");
        var panel = PanelBuilder.Build(org, org.Metrics.Single(m => m.Id == "sales"));
        var u = Array.IndexOf(panel.UnitIds, "E00001");
        Assert.That(panel.Activity["xAPI statements recorded"][u], Is.EqualTo(2));
        Assert.That(panel.Activity["xAPI statements recorded"].Count(v => v > 0), Is.EqualTo(1));
    }

    [Test]
    public async Task An_estimate_run_is_stored_with_its_parameters_data_version_and_one_result_per_pair()
    {
        var (warehouse, _) = await SeededAsync();
        var org = await WarehouseReader.ReadAsync(warehouse, "handle_time", CancellationToken.None);
        var options = new EstimateOptions { Folds = 2, Trees = 20, Insights = false, MinTreated = 10 };
        var results = EstimateRunner.EstimateAll(org, options, "handle_time", null, CancellationToken.None);
        var version = await WarehouseReader.DataVersionAsync(warehouse, CancellationToken.None);
        var runId = await EstimateRunStore.BeginAsync(warehouse, new { metric = "handle_time" }, version, CancellationToken.None);
        await EstimateRunStore.CompleteAsync(warehouse, runId, results, CancellationToken.None);

        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var run = await db.QuerySingleAsync<(string Status, string Parameters, string DataVersion)>(
            "SELECT status, parameters, data_version FROM estimate_runs WHERE run_id = @runId", new { runId });
        Assert.That(run.Status, Is.EqualTo("succeeded"));
        Assert.That(run.Parameters, Does.Contain("handle_time"));
        Assert.That(run.DataVersion, Does.Contain("kpi:"));
        var stored = (await db.QueryAsync<(string Intervention, string Verdict, string Detail)>(
            "SELECT intervention_id, verdict, detail FROM estimate_results WHERE run_id = @runId", new { runId })).ToList();
        Assert.That(stored, Has.Count.EqualTo(org.Interventions.Count));
        using var detail = JsonDocument.Parse(stored.First(s => s.Intervention == OrganisationSimulator.Rollout).Detail);
        Assert.That(detail.RootElement.GetProperty("verdict").GetString(), Is.EqualTo(stored.First(s => s.Intervention == OrganisationSimulator.Rollout).Verdict));
        Assert.That(detail.RootElement.TryGetProperty("event_study", out _), Is.True);
    }
}
