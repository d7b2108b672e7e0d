using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Warehouse;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class MigratorTests(Engine engine)
{
    static readonly string[] Tables =
    [
        "teams", "employees", "employee_attributes", "attribute_definitions", "interventions", "completions",
        "metrics", "kpi_observations", "survey_responses", "survey_answers", "ingest_runs", "ingest_rejections",
        "identities", "xapi_statements", "source_watermarks", "estimate_runs", "estimate_results",
    ];

    [Test]
    public async Task Migrate_creates_every_table_on_an_empty_database()
    {
        var warehouse = await TestDatabases.CreateEmptyAsync(engine);
        var report = await Migrator.MigrateAsync(warehouse, CancellationToken.None);

        Assert.That(report.FromVersion, Is.Zero);
        Assert.That(report.ToVersion, Is.EqualTo(Migrator.LatestVersion));
        Assert.That(report.Applied.Select(m => m.Version), Is.EqualTo(Migrator.All.Select(m => m.Version)));
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        foreach (var table in Tables)
            Assert.That(await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"), Is.Zero, table);
    }

    [Test]
    public async Task Migrate_again_applies_nothing_and_keeps_data()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("INSERT INTO teams (team_id, name) VALUES ('T1', 'Support')");

        var again = await Migrator.MigrateAsync(warehouse, CancellationToken.None);

        Assert.That(again.Applied, Is.Empty);
        Assert.That(again.FromVersion, Is.EqualTo(Migrator.LatestVersion));
        await using var check = await warehouse.OpenAsync(CancellationToken.None);
        Assert.That(await check.ExecuteScalarAsync<string>("SELECT name FROM teams WHERE team_id = 'T1'"),
            Is.EqualTo("Support"));
    }

    [Test]
    public async Task Upgrade_from_the_first_version_keeps_its_rows_and_adds_the_rest()
    {
        var warehouse = await TestDatabases.CreateEmptyAsync(engine);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None, targetVersion: 1);
        Assert.That(await Migrator.CurrentVersionAsync(warehouse, CancellationToken.None), Is.EqualTo(1));
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            await db.ExecuteAsync("INSERT INTO metrics (metric_id, name, unit, direction, owner, level, kind) VALUES " +
                "('fcr', 'First-contact resolution', '%', 'higher_is_better', 'Head of Support', 'employee', " +
                "'performance')");
            var tooNew = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version WHERE version > 1");
            Assert.That(tooNew, Is.Zero);
        }

        var report = await Migrator.MigrateAsync(warehouse, CancellationToken.None);

        Assert.That(report.FromVersion, Is.EqualTo(1));
        Assert.That(report.Applied.Select(m => m.Version), Is.EqualTo(Migrator.All.Skip(1).Select(m => m.Version)));
        await using var check = await warehouse.OpenAsync(CancellationToken.None);
        Assert.That(await check.ExecuteScalarAsync<string>("SELECT owner FROM metrics WHERE metric_id = 'fcr'"),
            Is.EqualTo("Head of Support"));
        Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM estimate_runs"), Is.Zero);
    }

    [Test]
    public async Task A_database_from_a_newer_impact_is_refused_in_one_sentence()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("INSERT INTO schema_version (version, description, checksum, applied_at) VALUES " +
                "(@v, 'future', 'x', '2030-01-01')",
                new { v = Migrator.LatestVersion + 1 });

        var e = Assert.ThrowsAsync<ImpactException>(() => Migrator.MigrateAsync(warehouse, CancellationToken.None))!;
        Assert.That(e.Message,
            Does.Contain($"schema version {Migrator.LatestVersion + 1}").And.Contain("upgrade Impact"));
        var read = Assert.ThrowsAsync<ImpactException>(() =>
            Migrator.RequireCurrentAsync(warehouse, CancellationToken.None))!;
        Assert.That(read.Message, Does.Contain("newer"));
    }

    [Test]
    public async Task A_database_with_a_gap_in_its_versions_is_refused_naming_the_gap()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var gap = Migrator.All[^2].Version;
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("DELETE FROM schema_version WHERE version = @gap", new { gap });

        var e = Assert.ThrowsAsync<ImpactException>(() =>
            Migrator.RequireCurrentAsync(warehouse, CancellationToken.None))!;
        Assert.That(e.Message, Does.Contain($"lacks schema version(s) {gap}").And.Contain("impact init"));
    }

    [Test]
    public async Task An_applied_script_that_was_edited_is_refused()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("UPDATE schema_version SET checksum = 'edited' WHERE version = 2");

        var e = Assert.ThrowsAsync<ImpactException>(() => Migrator.MigrateAsync(warehouse, CancellationToken.None))!;
        Assert.That(e.Message, Does.Contain("Migration 2").And.Contain("was changed"));
    }

    [Test]
    public async Task Engagement_cannot_be_stored_as_a_performance_metric()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        Assert.That(async () => await db.ExecuteAsync(
                "INSERT INTO metrics (metric_id, name, direction, owner, level, kind) VALUES ('eng', 'Engagement', " +
                "'higher_is_better', 'HR', 'team', 'engagement')"),
            Throws.InstanceOf<System.Data.Common.DbException>());
    }

    [Test]
    public async Task Concurrent_migrations_apply_each_script_once()
    {
        const int migrators = 4;
        var warehouse = await TestDatabases.CreateEmptyAsync(engine);
        // A barrier: no migrator starts until all are ready, so they overlap instead of running one after
        // another on a busy machine (which would pass without the lock).
        var arrived = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<MigrationReport> MigrateTogetherAsync()
        {
            if (Interlocked.Increment(ref arrived) == migrators) go.SetResult();
            await go.Task;
            return await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        }
        var runs = await Task.WhenAll(Enumerable.Range(0, migrators).Select(_ => Task.Run(MigrateTogetherAsync)));

        var applied = runs.SelectMany(r => r.Applied).Select(m => m.Version);
        Assert.That(applied, Is.EquivalentTo(Migrator.All.Select(m => m.Version)),
            "every script applied, and by one migrator only");
        Assert.That(await Migrator.CurrentVersionAsync(warehouse, CancellationToken.None),
            Is.EqualTo(Migrator.LatestVersion));
    }
}
