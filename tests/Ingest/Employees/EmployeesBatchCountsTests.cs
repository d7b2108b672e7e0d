using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Employees;

/// <summary>
/// Employees are counted exactly whichever way a batch is written (set-based on PostgreSQL and SQL Server,
/// row by row on SQLite and for a batch that repeats an employee): a changed attribute alone makes its
/// employee updated, and every team named is created once.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class EmployeesBatchCountsTests(Engine engine)
{
    [Test]
    public async Task New_changed_unchanged_and_repeated_employees_are_counted_as_row_by_row_would()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var options = Quiet with { BatchSize = 3 };
        await RunAsync(w, "employees", File("""
            employee_id,team_id,role,grade
            E1,T1,analyst,3
            E2,T1,analyst,4
            E3,T2,lead,
            """), options);

        // Batch 1: unchanged, moved to a new team, a first grade. Batch 2: new, new without a team, unchanged.
        // Batch 3: one employee twice (written row by row).
        var s = await RunAsync(w, "employees", File("""
            employee_id,team_id,role,grade
            E1,T1,analyst,3
            E2,T3,analyst,4
            E3,T2,lead,5
            E4,T4,clerk,1
            E5,,clerk,2
            E1,T1,analyst,3
            E6,T1,analyst,1
            E6,T1,lead,1
            """), options);

        Assert.That((s.Read, s.Stored, s.Updated, s.Unchanged, s.Rejected), Is.EqualTo((8L, 3L, 3L, 2L, 0L)),
            s.Describe());
        var employees = await QueryAsync<(string, string?, string)>(w,
            "SELECT employee_id, team_id, role FROM employees ORDER BY employee_id");
        Assert.That(employees, Is.EqualTo(new (string, string?, string)[]
        {
            ("E1", "T1", "analyst"), ("E2", "T3", "analyst"), ("E3", "T2", "lead"), ("E4", "T4", "clerk"),
            ("E5", null, "clerk"), ("E6", "T1", "lead"),
        }));
        Assert.That(await QueryAsync<string>(w, "SELECT team_id FROM teams ORDER BY team_id"),
            Is.EqualTo(new[] { "T1", "T2", "T3", "T4" }));
        var grades = await QueryAsync<(string, string?)>(w,
            "SELECT employee_id, value FROM employee_attributes WHERE name = 'grade' ORDER BY employee_id");
        Assert.That(grades, Is.EqualTo(new (string, string?)[]
        {
            ("E1", "3"), ("E2", "4"), ("E3", "5"), ("E4", "1"), ("E5", "2"), ("E6", "1"),
        }));
        Assert.That(await QueryAsync<string>(w, "SELECT value_type FROM attribute_definitions WHERE name = 'grade'"),
            Is.EqualTo(new[] { "numeric" }));
    }
}
