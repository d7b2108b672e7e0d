using Impact.Ingest.Db;

namespace Impact.Dashboard.Startup;

/// <summary>
/// Before the first request: bring the schema up to date, so a fresh machine needs no separate
/// `impact init`.
/// </summary>
/// <remarks>
/// This is the place for loading data-samples/ into an empty warehouse on first start (issue 3);
/// the lead wires it here, after the migration. The pages need nothing from it: on an empty
/// warehouse each one says which `impact` command fills it.
/// </remarks>
public sealed class WarehouseStartup(Warehouse warehouse, ILogger<WarehouseStartup> log)
{
    public async Task PrepareAsync(CancellationToken ct)
    {
        var report = await Migrator.MigrateAsync(warehouse, ct);
        if (report.Applied.Count > 0)
            log.LogInformation("{Target}: schema version {From} → {To}", warehouse.Target, report.FromVersion, report.ToVersion);
    }
}
