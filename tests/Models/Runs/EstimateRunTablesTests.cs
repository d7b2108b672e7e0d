using System.Text.Json;
using Dapper;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Runs;
using Impact.Models.Simulation;
using Impact.Tests.Dashboard.Display;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Models.Runs;

/// <summary>An estimate run stored on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class EstimateRunTablesTests(Engine engine)
{
    [Test]
    public async Task An_estimate_run_is_stored_with_its_parameters_data_version_and_one_result_per_pair()
    {
        var (warehouse, _) = await CanonicalIngest.SimulatedAsync(engine, CanonicalIngest.SmallOrganisation);
        var org = await WarehouseReader.ReadAsync(warehouse, "handle_time", CancellationToken.None);
        var options = new EstimateOptions { Folds = 2, Trees = 20, Insights = false, MinTreated = 10 };
        var results = OrganisationEstimator.EstimateAll(org, options, "handle_time", null, CancellationToken.None);
        var version = await WarehouseReader.DataVersionAsync(warehouse, CancellationToken.None);
        var runId = await EstimateRunTables.BeginAsync(warehouse, new { metric = "handle_time" }, version,
            CancellationToken.None);
        await EstimateRunTables.CompleteAsync(warehouse, runId, results, CancellationToken.None);

        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var run = await db.QuerySingleAsync<(string Status, string Parameters, string DataVersion)>(
            "SELECT status, parameters, data_version FROM estimate_runs WHERE run_id = @runId", new { runId });
        Assert.That(run.Status, Is.EqualTo("succeeded"));
        Assert.That(run.Parameters, Does.Contain("handle_time"));
        Assert.That(run.DataVersion, Does.Contain("kpi:"));
        var stored = (await db.QueryAsync<(string Intervention, string Verdict, string Detail)>(
            "SELECT intervention_id, verdict, detail FROM estimate_results WHERE run_id = @runId",
            new { runId })).ToList();
        Assert.That(stored, Has.Count.EqualTo(org.Interventions.Count));
        using var detail = JsonDocument.Parse(stored.First(s =>
            s.Intervention == OrganisationSimulator.Rollout).Detail);
        Assert.That(detail.RootElement.GetProperty("verdict").GetString(),
            Is.EqualTo(stored.First(s => s.Intervention == OrganisationSimulator.Rollout).Verdict));
        Assert.That(detail.RootElement.TryGetProperty("event_study", out _), Is.True);
        // The pages read back every real estimate as it was (see EstimateDetailContract).
        foreach (var s in stored)
        {
            var written = results.Single(r => r.InterventionId == s.Intervention);
            EstimateDetailContract.AssertReadsBack(written, EstimateDetail.Parse(s.Detail));
        }
    }
}
