using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Completions;

/// <summary>Completions against stored employees and interventions, on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class CompletionsIngestTests(Engine engine)
{
    [Test]
    public async Task Completions_create_unknown_interventions_and_report_unknown_employees()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        await RunAsync(w, "employees", File(EmployeesCsv));
        var path = File("""
            employee_id,intervention_id,completed_on,status,score
            E1,I9,2025-01-10,completed,88
            E2,I9,2025-01-11,Passed,
            E7,I9,2025-01-12,failed,40
            E1,I9,2025-01-32,completed,1
            E1,I8,2025-02-01,finished,1
            """);
        var s = await RunAsync(w, "completions", path);
        Assert.That((s.Stored, s.Rejected, s.ExitCode), Is.EqualTo((3L, 2L, 2)), s.Describe());
        Assert.That(s.Notes, Has.Some.Contains("1 rows name 1 employees not in the warehouse yet"));
        Assert.That(s.Notes, Has.Some.Contains("1 interventions were created"));
        Assert.That(await QueryAsync<string>(w, "SELECT kind FROM interventions"), Is.EqualTo(new[] { "other" }));

        var again = await RunAsync(w, "completions", path);
        Assert.That((again.Stored, again.Unchanged), Is.EqualTo((0L, 3L)));
        Assert.That(await CountAsync(w, "completions"), Is.EqualTo(3));
    }

    [Test]
    public async Task Pseudonymised_ids_join_across_employees_completions_and_managers()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var key = Quiet with { Pseudonymizer = Pseudonymizer.FromKey("another-long-test-secret-key") };
        await RunAsync(w, "employees", File(EmployeesCsv), key);
        var s = await RunAsync(w, "completions",
            File("employee_id,intervention_id,completed_on,status\nE1,I1,2025-01-10,completed\n"), key);
        Assert.That(s.Notes, Has.None.Contains("not in the warehouse"), "the pseudonym matches the stored employee");
        var ids = await QueryAsync<string>(w, "SELECT employee_id FROM employees " +
            "UNION ALL SELECT manager_id FROM employees WHERE manager_id IS NOT NULL " +
            "UNION ALL SELECT employee_id FROM completions");
        Assert.That(ids, Has.Count.EqualTo(3 + 2 + 1), "3 employees, the 2 who have a manager, 1 completion");
        Assert.That(ids, Has.All.Match("^p_[0-9a-f]{32}$"));
    }
}
