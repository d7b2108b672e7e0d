using Impact.Ingest.Db;

namespace Impact.Dashboard.Startup;

/// <summary>
/// Before the first request: bring the schema up to date, so a fresh machine needs no separate
/// `impact init`.
/// </summary>
public sealed class WarehouseStartup(Warehouse warehouse, ILogger<WarehouseStartup> log)
{
    public async Task PrepareAsync(CancellationToken ct)
    {
        var report = await Migrator.MigrateAsync(warehouse, ct);
        if (report.Applied.Count > 0)
            log.LogInformation("{Target}: schema version {From} → {To}", warehouse.Target, report.FromVersion, report.ToVersion);
    }
}
