using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Warehouse;

/// <summary>
/// Migration 0009 on every engine: the KPI index by subject, which no query uses, is gone; on SQLite the
/// observation tables become WITHOUT ROWID tables with their rows, constraints and the completions index
/// kept (<see cref="SqliteStorageTests"/>: how they are stored and searched).
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class AccessPathsMigrationTests(Engine engine)
{
    [Test]
    public async Task Upgrading_keeps_every_row_and_drops_the_unused_kpi_index()
    {
        var warehouse = await TestDatabases.CreateEmptyAsync(engine);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None, targetVersion: 8);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            Assert.That(await IndexExistsAsync(db, "ix_kpi_subject"), Is.True, "the index 0001 made");
            await db.ExecuteAsync("""
                INSERT INTO kpi_observations (metric_id, subject_id, period_start, value, ingest_run_id)
                VALUES (@m, @s, @p, @v, 7)
                """, new[]
            {
                new { m = "sales", s = "E2", p = "2025-02-01", v = 2.5 },
                new { m = "sales", s = "E1", p = "2025-01-01", v = 1.5 },
                new { m = "csat", s = "T1", p = "2025-01-01", v = 4.0 },
            });
            await db.ExecuteAsync("""
                INSERT INTO completions (employee_id, intervention_id, completed_on, status, score, source)
                VALUES ('E1', 'coaching', '2025-01-15', 'passed', 0.9, 'csv')
                """);
            await db.ExecuteAsync("""
                INSERT INTO survey_responses (response_id, survey_id, submitted_on) VALUES ('r1', 's', '2025-01-01');
                INSERT INTO survey_answers (response_id, item, score, comment) VALUES ('r1', 'q1', 4, 'fine');
                """);
        }

        await Migrator.MigrateAsync(warehouse, CancellationToken.None);

        await using var check = await warehouse.OpenAsync(CancellationToken.None);
        var kpis = (await check.QueryAsync<(string, string, string, double, long)>("""
            SELECT metric_id, subject_id, period_start, value, ingest_run_id FROM kpi_observations
            ORDER BY metric_id, subject_id
            """)).ToList();
        Assert.That(kpis, Is.EqualTo(new[]
        {
            ("csat", "T1", "2025-01-01", 4.0, 7L), ("sales", "E1", "2025-01-01", 1.5, 7L),
            ("sales", "E2", "2025-02-01", 2.5, 7L),
        }));
        Assert.That(await check.QuerySingleAsync<(string, string, double)>(
            "SELECT intervention_id, status, score FROM completions"), Is.EqualTo(("coaching", "passed", 0.9)));
        Assert.That(await check.QuerySingleAsync<(string, int, string)>(
            "SELECT item, score, comment FROM survey_answers"), Is.EqualTo(("q1", 4, "fine")));
        Assert.That(await IndexExistsAsync(check, "ix_kpi_subject"), Is.False);
        Assert.That(await IndexExistsAsync(check, "ix_completions_intervention"), Is.True);
        // The keys and checks came along with the rows.
        Assert.That(async () => await check.ExecuteAsync("""
            INSERT INTO kpi_observations (metric_id, subject_id, period_start, value)
            VALUES ('sales', 'E1', '2025-01-01', 9)
            """), Throws.InstanceOf<System.Data.Common.DbException>());
        Assert.That(async () => await check.ExecuteAsync("""
            INSERT INTO completions (employee_id, intervention_id, completed_on, status, source)
            VALUES ('E2', 'coaching', '2025-01-15', 'maybe', 'csv')
            """), Throws.InstanceOf<System.Data.Common.DbException>());
    }

    static Task<bool> IndexExistsAsync(System.Data.Common.DbConnection db, string name) => db.ExecuteScalarAsync<bool>(
        db switch
        {
            Microsoft.Data.Sqlite.SqliteConnection =>
                "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'index' AND name = @name",
            Npgsql.NpgsqlConnection => "SELECT COUNT(*) > 0 FROM pg_indexes WHERE indexname = @name",
            _ => "SELECT CASE WHEN EXISTS (SELECT 1 FROM sys.indexes WHERE name = @name) THEN 1 ELSE 0 END",
        }, new { name });
}
