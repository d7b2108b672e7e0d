using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Jobs;

public sealed class CliTests
{
    [Test]
    public async Task Help_lists_every_verb()
    {
        var result = await ImpactProcess.RunAsync("--help");
        Assert.That(result.ExitCode, Is.Zero);
        foreach (var verb in new[] { "init", "ingest", "estimate", "export", "jobs", "worker", "users" })
            Assert.That(result.Output, Does.Match($@"\n\s+{verb}\s"), verb);
        Assert.That(result.Output, Does.Contain("--db"));
    }

    [Test]
    public async Task Init_creates_the_default_sqlite_file_in_the_current_folder_and_is_safe_to_rerun()
    {
        var folder = TempFiles.NewFolder();
        var first = await ImpactProcess.RunAsync(["init"], folder);
        var second = await ImpactProcess.RunAsync(["init"], folder);

        Assert.That(first.ExitCode, Is.Zero, first.Error);
        Assert.That(first.Output, Does.Contain($"schema version 0 → {Migrator.LatestVersion}"));
        Assert.That(File.Exists(Path.Combine(folder, "impact.db")));
        Assert.That(second.ExitCode, Is.Zero, second.Error);
        Assert.That(second.Output, Does.Contain("up to date"));
    }

    [TestCase("init", "--db", "impact.db", "is not understood")]
    [TestCase("init", "--db", "postgres:Host=127.0.0.1;Port=1;Username=x;Timeout=3", "Cannot connect to PostgreSQL")]
    [TestCase("init", "--db", "sqlite:/proc/impact.db", "Cannot open SQLite file")]
    public async Task Bad_configuration_exits_1_with_one_sentence_and_no_stack_trace(string verb, string option,
        string value, string expected)
    {
        var result = await ImpactProcess.RunAsync(verb, option, value);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(expected));
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1), result.Error);
        Assert.That(result.Error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task A_database_from_a_newer_impact_exits_1()
    {
        var folder = TempFiles.NewFolder();
        var path = Path.Combine(folder, "impact.db");
        var warehouse = Database.FromSetting("sqlite:" + path);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        await using (var command = db.CreateCommand())
        {
            command.CommandText =
                $"INSERT INTO schema_version VALUES ({Migrator.LatestVersion + 5}, 'future', 'x', '2030-01-01')";
            await command.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var result = await ImpactProcess.RunAsync(["init", "--db", "sqlite:" + path]);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("newer than this Impact understands"));
    }

    [TestCase("estimate")]
    [TestCase("ingest", "history")]
    public async Task Reading_a_warehouse_that_does_not_exist_says_run_init_and_creates_nothing(params string[] verb)
    {
        var folder = TempFiles.NewFolder();
        var path = Path.Combine(folder, "impact.db");
        var result = await ImpactProcess.RunAsync([.. verb, "--db", "sqlite:" + path]);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(result.Error, Does.Contain("does not exist yet: run 'impact init'"));
        Assert.That(File.Exists(path), Is.False, "no empty database left behind");
    }

    [Test]
    public async Task Asking_an_empty_database_its_version_leaves_it_empty()
    {
        var path = Path.Combine(TempFiles.NewFolder(), "impact.db");
        var warehouse = Database.FromSetting("sqlite:" + path);
        // an empty file, as some other tool may leave
        await using (var db = await warehouse.OpenAsync(CancellationToken.None)) { }
        Assert.That(await Migrator.CurrentVersionAsync(warehouse, CancellationToken.None), Is.Zero);
        await using var check = await warehouse.OpenAsync(CancellationToken.None);
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master";
        Assert.That(Convert.ToInt32(await command.ExecuteScalarAsync(),
            System.Globalization.CultureInfo.InvariantCulture), Is.Zero);
    }
}
