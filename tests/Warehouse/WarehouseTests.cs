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
    public void An_unreachable_postgres_server_is_one_clear_sentence()
    {
        var warehouse = Database.FromSetting("postgres:Host=127.0.0.1;Port=1;Username=impact;Timeout=3");
        var e = Assert.ThrowsAsync<ImpactException>(() => warehouse.OpenAsync(CancellationToken.None))!;
        Assert.That(e.Message, Does.StartWith("Cannot connect to PostgreSQL at 127.0.0.1:1"));
    }
}
