using Dapper;
using Impact.Models.Panels;
using Impact.Models.Simulation;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Models.Panels;

/// <summary>The organisation read back from the warehouse on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class WarehouseReaderTests(Engine engine)
{
    static readonly SimulationOptions Small = CanonicalIngest.SmallOrganisation;

    [Test]
    public async Task Reader_returns_the_organisation_that_was_stored_with_only_finished_completions()
    {
        var (warehouse, sim) = await CanonicalIngest.SimulatedAsync(engine, Small);
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
        var (warehouse, _) = await CanonicalIngest.SimulatedAsync(engine, Small);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            const string statement = """
                INSERT INTO xapi_statements (statement_id, actor_key, employee_id, verb_id, activity_id,
                    intervention_id, occurred_at, stored_at, voided)
                VALUES (@id, @actor, @employee, 'http://adlnet.gov/expapi/verbs/experienced', 'https://lms.example/a',
                    NULL, '2024-03-01T10:00:00Z', '2024-03-01T10:00:00Z', @voided)
                """;
            await db.ExecuteAsync(statement, new[]
            {
                new { id = "s1", actor = "mailto:a@example.com", employee = (string?)"E00001", voided = 0 },
                new { id = "s2", actor = "mailto:a@example.com", employee = (string?)"E00001", voided = 0 },
                new { id = "s3", actor = "mailto:a@example.com", employee = (string?)"E00001", voided = 1 },
                new { id = "s4", actor = "mailto:nobody@example.com", employee = (string?)null, voided = 0 },
            });
            const string result = "INSERT INTO xapi_results (statement_id, duration_seconds) VALUES (@id, @seconds)";
            await db.ExecuteAsync(result, new[]
            {
                new { id = "s1", seconds = (double?)1800 }, new { id = "s3", seconds = (double?)36000 },
                    new { id = "s4", seconds = (double?)600 },
            });
        }
        var org = await WarehouseReader.ReadAsync(warehouse, null, CancellationToken.None);

        Assert.That(org.Xapi.Keys, Is.EquivalentTo(new[] { "E00001" }));
        Assert.That(org.Xapi["E00001"], Is.EqualTo(new XapiActivity(2, 0.5)),
            "the voided statement's ten hours do not count");
        var panel = PanelBuilder.Build(org, org.Metrics.Single(m => m.Id == "sales"));
        var u = Array.IndexOf(panel.UnitIds, "E00001");
        Assert.That(panel.Activity["xAPI statements recorded"][u], Is.EqualTo(2));
        Assert.That(panel.Activity["xAPI statements recorded"].Count(v => v > 0), Is.EqualTo(1));
    }

}
