using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage;
using Impact.Dashboard.Jobs;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Accounts.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Impact.Tests.Dashboard.Jobs;

/// <summary>Schedules in the warehouse on every engine: checked, audited, synchronised to Hangfire.</summary>
public sealed class ScheduleStoreTests
{
    static readonly Actor Erin = new("erin@example.com", "127.0.0.1");

    static Schedule Kpi(string folder, string name = "weekly-kpis", string cron = "0 6 * * 1",
        string zone = "Europe/London") =>
        new(name, "drop-folder", folder, null, cron, zone, true, ThenStep.Estimate);

    [TestCaseSource(typeof(TestDatabases), nameof(TestDatabases.Engines))]
    public async Task A_schedule_is_stored_listed_disabled_and_removed_and_each_change_is_audited(Engine engine)
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var audit = new AuditLog(warehouse, TimeProvider.System);
        var store = new ScheduleStore(warehouse, audit);
        var folder = TempFiles.NewFolder();

        var added = await store.AddAsync(Kpi(folder) with { Source = "Drop-Folder", Then = "ESTIMATE" }, Erin,
            CancellationToken.None);
        Assert.That(added, Is.EqualTo(Kpi(folder)), "source and step names are stored as Impact spells them");
        Assert.That(await store.ListAsync(CancellationToken.None), Is.EqualTo(new[] { Kpi(folder) }));
        Assert.That(await store.SetEnabledAsync("weekly-kpis", false, Erin, CancellationToken.None));
        Assert.That((await store.FindAsync("weekly-kpis", CancellationToken.None))!.Enabled, Is.False);
        Assert.That(await store.RemoveAsync("weekly-kpis", Erin, CancellationToken.None));
        Assert.That(await store.RemoveAsync("weekly-kpis", Erin, CancellationToken.None), Is.False);
        Assert.That(await store.ListAsync(CancellationToken.None), Is.Empty);

        var entries = await audit.LatestAsync(10, AuditActions.ScheduleChanged, CancellationToken.None);
        Assert.That(entries.Select(e => e.Detail!.Split(':')[0]), Is.EqualTo(new[] { "removed", "disabled", "added" }));
        Assert.That(entries.Select(e => (e.Actor, e.Subject)).Distinct(),
            Is.EqualTo(new[] { ("erin@example.com", (string?)"weekly-kpis") }));
    }

    [TestCase("nope", "x", "* * * * *", "UTC", "There is no source 'nope'")]
    [TestCase("drop-folder", "MISSING", "* * * * *", "UTC", "does not exist")]
    [TestCase("kpi", "MISSING/kpi.csv", "* * * * *", "UTC", "does not exist")]
    [TestCase("drop-folder", "", "61 * * * *", "UTC", "is not a cron expression")]
    [TestCase("drop-folder", "", "every monday", "UTC", "is not a cron expression")]
    [TestCase("drop-folder", "", "0 6 * * 1", "GMT Standard Time", "IANA id")]
    [TestCase("drop-folder", "", "0 6 * * 1", "Mars/Base", "not a time zone")]
    public async Task A_bad_schedule_is_one_sentence_and_nothing_is_saved(string source, string path, string cron,
        string zone, string expected)
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var store = new ScheduleStore(warehouse, new AuditLog(warehouse, TimeProvider.System));
        var folder = TempFiles.NewFolder();
        var location = path.Length == 0 ? folder : Path.Combine(folder, path);

        var refused = Assert.ThrowsAsync<ImpactException>(() => store.AddAsync(
            new Schedule("feed", source, location, null, cron, zone, true, ThenStep.None), Erin,
            CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain(expected));
        Assert.That(await store.ListAsync(CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_name_already_taken_is_refused_and_the_first_schedule_is_kept()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var store = new ScheduleStore(warehouse, new AuditLog(warehouse, TimeProvider.System));
        var folder = TempFiles.NewFolder();
        await store.AddAsync(Kpi(folder), Erin, CancellationToken.None);

        var refused = Assert.ThrowsAsync<ImpactException>(() =>
            store.AddAsync(Kpi(folder, cron: "0 7 * * *"), Erin, CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain("already a schedule named 'weekly-kpis'"));
        Assert.That((await store.ListAsync(CancellationToken.None)).Single().Cron, Is.EqualTo("0 6 * * 1"));
    }

    [Test]
    public void The_next_run_is_read_in_the_schedules_time_zone()
    {
        // 06:00 in London is 06:00 UTC in winter (GMT) and 05:00 UTC in summer (BST).
        var winter = ScheduleRules.NextRun("0 6 * * *", "Europe/London", new DateTimeOffset(2026, 1, 10, 0, 0, 0,
            TimeSpan.Zero));
        var summer = ScheduleRules.NextRun("0 6 * * *", "Europe/London", new DateTimeOffset(2026, 7, 10, 0, 0, 0,
            TimeSpan.Zero));
        Assert.That(winter!.Value.UtcDateTime.Hour, Is.EqualTo(6));
        Assert.That(summer!.Value.UtcDateTime.Hour, Is.EqualTo(5));
    }

    [Test]
    public async Task Sync_registers_enabled_schedules_as_recurring_jobs_and_removes_disabled_and_deleted_ones()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var store = new ScheduleStore(warehouse, new AuditLog(warehouse, TimeProvider.System));
        // Hangfire logs through one process-wide provider, which an app stopped by an earlier test may have left
        // pointing at its disposed logger factory: this storage, made outside any app, logs nowhere.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(new QuietHangfireLogs());
        using var storage = new InMemoryStorage();
        var recurring = new RecurringJobManager(storage);
        recurring.AddOrUpdate("someone-elses", () => Console.WriteLine(), Cron.Daily());
        var sync = new ScheduleSync(store, recurring, storage, NullLogger<ScheduleSync>.Instance);
        var folder = TempFiles.NewFolder();
        await store.AddAsync(Kpi(folder, "a"), Erin, CancellationToken.None);
        await store.AddAsync(Kpi(folder, "b", zone: "America/New_York"), Erin, CancellationToken.None);
        await sync.ApplyAsync(CancellationToken.None);

        IReadOnlyList<RecurringJobDto> Registered()
        {
            using var connection = storage.GetConnection();
            return connection.GetRecurringJobs().OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        }
        Assert.That(Registered().Select(r => (r.Id, r.Cron, r.TimeZoneId)), Is.EqualTo(new[]
        {
            ("feed:a", "0 6 * * 1", "Europe/London"), ("feed:b", "0 6 * * 1", "America/New_York"),
            ("someone-elses", "0 0 * * *", "UTC"),
        }));

        await store.SetEnabledAsync("a", false, Erin, CancellationToken.None);
        await store.RemoveAsync("b", Erin, CancellationToken.None);
        await sync.ApplyAsync(CancellationToken.None);
        Assert.That(Registered().Select(r => r.Id), Is.EqualTo(new[] { "someone-elses" }));
    }
}

/// <summary>A Hangfire log provider that writes nothing.</summary>
sealed class QuietHangfireLogs : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name) => new Quiet();

    sealed class Quiet : Hangfire.Logging.ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
    }
}
