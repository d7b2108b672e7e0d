using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Warehouse.Runs;

/// <summary>
/// Migration 0011 on every engine: the run tables take 'interrupted' (SQLite rebuilds them, the servers swap
/// the CHECK constraint) and keep their rows and ids; survey rejections and a pseudonymised warehouse's
/// rejections lose their raw rows.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class FailuresMigrationTests(Engine engine)
{
    [Test]
    public async Task Upgrading_keeps_runs_and_their_ids_allows_interrupted_and_drops_confidential_raw_rows()
    {
        var warehouse = await TestDatabases.CreateEmptyAsync(engine);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None, targetVersion: 8);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            const string run = """
                INSERT INTO ingest_runs (source, location, dry_run, started_at, outcome, rows_read, rows_stored,
                    rows_updated, rows_unchanged, rows_rejected)
                VALUES (@source, 'x.csv', 0, '2025-01-01T00:00:00.000Z', 'running', 1, 0, 0, 0, 1)
                """;
            await db.ExecuteAsync(run, new { source = "kpi" });
            await db.ExecuteAsync(run, new { source = "survey" });
            const string rejection = """
                INSERT INTO ingest_rejections (run_id, file, line, field, reason, raw)
                VALUES (@run, @file, @line, @field, @reason, @raw)
                """;
            await db.ExecuteAsync(rejection,
                new { run = 1, file = "k.csv", line = 2, field = "value", reason = "bad", raw = "sales,E1,x" });
            await db.ExecuteAsync(rejection,
                new { run = 2, file = "s.csv", line = 3, field = "q1", reason = "'7' is no answer", raw = "R1,T1,7" });
            await db.ExecuteAsync("""
                INSERT INTO estimate_runs (started_at, status, parameters, data_version, impact_version)
                VALUES ('2025-01-01T00:00:00.000Z', 'running', '{}', 'v', 'dev')
                """);
        }

        await Migrator.MigrateAsync(warehouse, CancellationToken.None);

        await using var check = await warehouse.OpenAsync(CancellationToken.None);
        var runs = (await check.QueryAsync<(long Id, string Source)>(
                "SELECT run_id, source FROM ingest_runs ORDER BY run_id"))
            .ToList();
        Assert.That(runs, Is.EqualTo(new[] { (1L, "kpi"), (2L, "survey") }));
        Assert.That(await check.ExecuteScalarAsync<string?>("SELECT raw FROM ingest_rejections WHERE run_id = 1"),
            Is.EqualTo("sales,E1,x"));
        var survey = await check.QuerySingleAsync<(string? Raw, string Reason)>(
            "SELECT raw, reason FROM ingest_rejections WHERE run_id = 2");
        Assert.That(survey.Raw, Is.Null);
        Assert.That(survey.Reason, Does.Not.Contain("7"));

        // Old runs had no owner: the first open after the upgrade found them dead and ended them.
        Assert.That(await check.QueryAsync<string>("SELECT outcome FROM ingest_runs"), Has.All.EqualTo("interrupted"));
        Assert.That(await check.ExecuteScalarAsync<string>("SELECT status FROM estimate_runs"),
            Is.EqualTo("interrupted"));

        var next = await check.ExecuteScalarAsync<long>(warehouse.Dialect.InsertReturningId("ingest_runs",
            ["source", "location", "dry_run", "started_at", "outcome", "rows_read", "rows_stored", "rows_updated",
             "rows_unchanged", "rows_rejected"],
            "run_id"), new
        {
            source = "kpi", location = "y.csv", dry_run = 0, started_at = "2025-01-02T00:00:00.000Z",
            outcome = "succeeded",
            rows_read = 0, rows_stored = 0, rows_updated = 0, rows_unchanged = 0, rows_rejected = 0,
        });
        Assert.That(next, Is.EqualTo(3), "ids continue after the copied runs");
        Assert.ThrowsAsync(Is.InstanceOf<System.Data.Common.DbException>(),
            () => check.ExecuteAsync("UPDATE ingest_runs SET outcome = 'exploded' WHERE run_id = 3"),
            "the CHECK constraint is still there");
    }

    [Test]
    public async Task A_pseudonymised_warehouse_keeps_no_raw_rejected_row_after_the_upgrade()
    {
        var warehouse = await TestDatabases.CreateEmptyAsync(engine);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None, targetVersion: 8);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            await db.ExecuteAsync("INSERT INTO employees (employee_id) VALUES ('p_0123456789abcdef0123456789abcdef')");
            await db.ExecuteAsync("""
                INSERT INTO ingest_rejections (run_id, file, line, field, reason, raw)
                VALUES (1, 'e.csv', 2, 'hire_date', 'bad', 'E77,T1,x')
                """);
        }

        await Migrator.MigrateAsync(warehouse, CancellationToken.None);

        await using var check = await warehouse.OpenAsync(CancellationToken.None);
        Assert.That(await check.ExecuteScalarAsync<string?>("SELECT raw FROM ingest_rejections"), Is.Null);
    }
}
