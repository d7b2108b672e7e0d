using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Warehouse;

public sealed class WarehouseTests
{
    [Test]
    public void A_sqlite_file_in_a_missing_folder_is_one_clear_sentence()
    {
        var warehouse = Database.FromSetting("sqlite:" + Path.Combine(TempFiles.NewPath(""), "nowhere", "impact.db"));
        var e = Assert.ThrowsAsync<ImpactException>(() => warehouse.OpenAsync(CancellationToken.None))!;
        Assert.That(e.Message, Does.StartWith("Cannot open SQLite file").And.Contain("folder exists and is writable"));
    }

    [Test]
    public void A_sqlite_file_where_nothing_can_be_written_is_one_clear_sentence()
    {
        // /proc accepts no new files, even for root (who can write to any chmod-ed folder).
        var warehouse = Database.FromSetting("sqlite:/proc/impact-test.db");
        var e = Assert.ThrowsAsync<ImpactException>(() => warehouse.OpenAsync(CancellationToken.None))!;
        Assert.That(e.Message, Does.StartWith("Cannot open SQLite file /proc/impact-test.db for writing"));
    }

    [Test]
    public async Task A_sqlite_file_opened_read_only_is_refused_for_writing_on_every_open()
    {
        // A file in rollback mode, as another tool leaves it: switching it to WAL is its first write.
        var file = TempFiles.NewPath(".db");
        await using (var plain = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
        {
            await plain.OpenAsync();
            await using var create = plain.CreateCommand();
            create.CommandText = "CREATE TABLE t (x INTEGER)";
            await create.ExecuteNonQueryAsync();
        }
        var readOnly = new Database(new DatabaseTarget(Engine.Sqlite, $"Data Source={file};Mode=ReadOnly",
            $"SQLite file {file}"));
        for (var open = 1; open <= 2; open++)
        {
            var e = Assert.ThrowsAsync<ImpactException>(() => readOnly.OpenAsync(CancellationToken.None))!;
            Assert.That(e.Message, Does.StartWith($"Cannot open SQLite file {file} for writing"), $"open {open}");
        }
    }

    [Test]
    public async Task A_writable_sqlite_file_is_probed_for_writing_once_per_process()
    {
        var setting = "sqlite:" + TempFiles.NewPath(".db");
        var warehouse = Database.FromSetting(setting);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            await (await warehouse.OpenAsync(CancellationToken.None)).DisposeAsync()));
        var first = warehouse.WriteProbes;
        for (var open = 0; open < 5; open++)
            await (await warehouse.OpenAsync(CancellationToken.None)).DisposeAsync();
        await (await Database.FromSetting(setting).OpenAsync(CancellationToken.None)).DisposeAsync();
        Assert.That(first, Is.InRange(1, 2), "concurrent first opens may each probe");
        Assert.That(warehouse.WriteProbes, Is.EqualTo(first), "later opens, by any Database on the file, do not");
    }

    [Test]
    public async Task Every_sqlite_open_has_its_settings_though_pooled_connections_are_set_up_once()
    {
        var target = DatabaseTarget.Parse("sqlite:" + TempFiles.NewPath(".db"));
        var slow = new Database(target) { BusyTimeout = TimeSpan.FromSeconds(5) };
        var quick = new Database(target) { BusyTimeout = TimeSpan.FromSeconds(1) };
        for (var round = 0; round < 3; round++)
            foreach (var (warehouse, busy) in new[] { (slow, 5000L), (quick, 1000L) })
            {
                await using var db = await warehouse.OpenAsync(CancellationToken.None);
                await using var command = db.CreateCommand();
                command.CommandText = "SELECT journal_mode || ' ' || synchronous || ' ' || timeout " +
                                      "FROM pragma_journal_mode, pragma_synchronous, pragma_busy_timeout";
                Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo($"wal 1 {busy}"), $"round {round}");
            }
    }

    [Test]
    public void An_unreachable_postgres_server_is_one_clear_sentence()
    {
        var warehouse = Database.FromSetting("postgres:Host=127.0.0.1;Port=1;Username=impact;Timeout=3");
        var e = Assert.ThrowsAsync<ImpactException>(() => warehouse.OpenAsync(CancellationToken.None))!;
        Assert.That(e.Message, Does.StartWith("Cannot connect to PostgreSQL at 127.0.0.1:1"));
    }
}
