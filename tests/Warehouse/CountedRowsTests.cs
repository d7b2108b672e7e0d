using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Warehouse;

/// <summary>
/// Migration 0015's <c>table_rows</c> (the overview's headline counts) and <see cref="Dialect.DistinctValues"/>
/// (the filter form's roles and locations) give what COUNT(*) and DISTINCT give, after ingests, re-ingests and
/// deletions, on every engine.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class CountedRowsTests(Engine engine)
{
    const string Completions = """
        employee_id,intervention_id,completed_on,status
        E1,coaching,2025-01-15,completed
        E2,coaching,2025-01-20,passed
        E3,elearning,2025-02-01,completed
        """;

    [Test]
    public async Task Kept_counts_equal_count_star_after_ingests_re_ingests_and_deletions()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var employees = File(EmployeesCsv);
        Assert.That((await RunAsync(w, "employees", employees)).ExitCode, Is.Zero);
        Assert.That((await RunAsync(w, "completions", File(Completions))).ExitCode, Is.Zero);
        await AssertCountsAsync(w, "after the first ingest", 3, 3);

        await RunAsync(w, "employees", File(EmployeesCsv.Replace("Leeds,E3,3", "York,E3,3") + "\nE4,T2,Agent,,,,,"));
        await RunAsync(w, "completions", File(Completions));
        await AssertCountsAsync(w, "after re-ingests that update and add", 4, 3);

        await using (var db = await w.OpenAsync(CancellationToken.None))
        {
            await db.ExecuteAsync("DELETE FROM completions WHERE employee_id IN ('E1', 'E2')");
            await db.ExecuteAsync("DELETE FROM employee_attributes WHERE employee_id = 'E4'");
            await db.ExecuteAsync("DELETE FROM employees WHERE employee_id = 'E4'");
        }
        await AssertCountsAsync(w, "after deletions", 3, 1);
    }

    [Test]
    public async Task Distinct_values_are_every_value_once_in_order_without_null()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        await RunAsync(w, "employees", File(EmployeesCsv + "\nE4,T2,,,Bristol,,,\nE5,T2,Coach,,,,,"));
        await using var db = await w.OpenAsync(CancellationToken.None);
        var dialect = Dialect.Of(db);
        Assert.That(await db.QueryAsync<string>(dialect.DistinctValues("employees", "role")),
            Is.EqualTo(new[] { "Agent", "Coach", "Lead" }));
        Assert.That(await db.QueryAsync<string>(dialect.DistinctValues("employees", "location")),
            Is.EqualTo(new[] { "Bristol", "Leeds" }));
    }

    static async Task AssertCountsAsync(Database w, string when, long employees, long completions)
    {
        var kept = await QueryAsync<(string, long)>(w,
            "SELECT table_name, row_count FROM table_rows ORDER BY table_name");
        Assert.That(kept, Is.EqualTo(new[] { ("completions", completions), ("employees", employees) }), when);
        Assert.That(await CountAsync(w, "employees"), Is.EqualTo(employees), when);
        Assert.That(await CountAsync(w, "completions"), Is.EqualTo(completions), when);
    }
}
