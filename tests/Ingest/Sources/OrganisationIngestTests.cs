using Impact.Ingest.Db;
using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Sources;

/// <summary>Employees, interventions and completions on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class OrganisationIngestTests(Engine engine)
{
    const string Employees = """
        employee_id,team_id,role,hire_date,location,manager_id,grade,shift
        E1,T1,Agent,2021-03-01,Leeds,E3,3,early
        E2,T1,Agent,2022-07-15,Leeds,E3,4,late
        E3,T1,Lead,2019-01-10,Leeds,,5,early
        """;

    [Test]
    public async Task Employees_are_stored_with_attributes_typed_numeric_or_categorical()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var s = await RunAsync(w, "employees", File(Employees));
        Assert.That((s.Stored, s.ExitCode), Is.EqualTo((3L, 0)), s.Describe());
        var types = await QueryAsync<(string Name, string Type)>(w, "SELECT name, value_type FROM attribute_definitions ORDER BY name");
        Assert.That(types, Is.EqualTo(new[] { ("grade", "numeric"), ("shift", "categorical") }));
        Assert.That(await CountAsync(w, "employee_attributes"), Is.EqualTo(6));
        Assert.That(await CountAsync(w, "teams"), Is.EqualTo(1));

        var again = await RunAsync(w, "employees", File(Employees.Replace("E2,T1,Agent,2022-07-15,Leeds,E3,4,late", "E2,T1,Agent,2022-07-15,Leeds,E3,senior,late")));
        Assert.That((again.Updated, again.Unchanged), Is.EqualTo((1L, 2L)));
        types = await QueryAsync<(string Name, string Type)>(w, "SELECT name, value_type FROM attribute_definitions ORDER BY name");
        Assert.That(types[0], Is.EqualTo(("grade", "categorical")), "a text value makes the attribute categorical");
    }

    [Test]
    public async Task An_employees_file_without_optional_columns_leaves_stored_values_alone()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        await RunAsync(w, "employees", File(Employees));
        var s = await RunAsync(w, "employees", File("employee_id\nE1\nE4\n"));
        Assert.That((s.Stored, s.Unchanged), Is.EqualTo((1L, 1L)));
        Assert.That(await QueryAsync<string>(w, "SELECT role FROM employees WHERE employee_id = 'E1'"), Is.EqualTo(new[] { "Agent" }));
    }

    [Test]
    public async Task Interventions_validate_kind_and_cost()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var s = await RunAsync(w, "interventions", File("""
            intervention_id,name,kind,cost_per_participant,currency
            I1,Negotiation skills,training,450,eur
            I2,Coaching circle,Coaching,,
            I3,Podcast,radio,10,EUR
            I4,Job aid,job_aid,-5,EUR
            """));
        Assert.That((s.Stored, s.Rejected), Is.EqualTo((2L, 2L)));
        Assert.That(s.FirstRejections.Select(r => r.Field), Is.EqualTo(new[] { "kind", "cost_per_participant" }));
        Assert.That(await QueryAsync<string>(w, "SELECT currency FROM interventions WHERE intervention_id = 'I1'"), Is.EqualTo(new[] { "EUR" }));
    }

    [Test]
    public async Task Completions_create_unknown_interventions_and_report_unknown_employees()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        await RunAsync(w, "employees", File(Employees));
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
        await RunAsync(w, "employees", File(Employees), key);
        var s = await RunAsync(w, "completions", File("employee_id,intervention_id,completed_on,status\nE1,I1,2025-01-10,completed\n"), key);
        Assert.That(s.Notes, Has.None.Contains("not in the warehouse"), "the pseudonym matches the stored employee");
        var ids = await QueryAsync<string>(w, "SELECT employee_id FROM employees UNION ALL SELECT manager_id FROM employees WHERE manager_id IS NOT NULL UNION ALL SELECT employee_id FROM completions");
        Assert.That(ids, Has.All.StartWith("p_").And.Length.EqualTo(34));
    }
}
