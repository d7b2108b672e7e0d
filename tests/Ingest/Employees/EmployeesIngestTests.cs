using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Employees;

/// <summary>Employees with their typed attributes, on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class EmployeesIngestTests(Engine engine)
{
    [Test]
    public async Task Employees_are_stored_with_attributes_typed_numeric_or_categorical()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var s = await RunAsync(w, "employees", File(EmployeesCsv));
        Assert.That((s.Stored, s.ExitCode), Is.EqualTo((3L, 0)), s.Describe());
        var types = await QueryAsync<(string Name, string Type)>(w,
            "SELECT name, value_type FROM attribute_definitions ORDER BY name");
        Assert.That(types, Is.EqualTo(new[] { ("grade", "numeric"), ("shift", "categorical") }));
        Assert.That(await CountAsync(w, "employee_attributes"), Is.EqualTo(6));
        Assert.That(await CountAsync(w, "teams"), Is.EqualTo(1));

        var again = await RunAsync(w, "employees",
            File(EmployeesCsv.Replace("E2,T1,Agent,2022-07-15,Leeds,E3,4,late",
            "E2,T1,Agent,2022-07-15,Leeds,E3,senior,late")));
        Assert.That((again.Updated, again.Unchanged), Is.EqualTo((1L, 2L)));
        types = await QueryAsync<(string Name, string Type)>(w,
            "SELECT name, value_type FROM attribute_definitions ORDER BY name");
        Assert.That(types[0], Is.EqualTo(("grade", "categorical")), "a text value makes the attribute categorical");
    }

    [Test]
    public async Task An_employees_file_without_optional_columns_leaves_stored_values_alone()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        await RunAsync(w, "employees", File(EmployeesCsv));
        var s = await RunAsync(w, "employees", File("employee_id\nE1\nE4\n"));
        Assert.That((s.Stored, s.Unchanged), Is.EqualTo((1L, 1L)));
        Assert.That(await QueryAsync<string>(w, "SELECT role FROM employees WHERE employee_id = 'E1'"),
            Is.EqualTo(new[] { "Agent" }));
    }
}
