using Hangfire;
using Hangfire.Storage;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// <c>/healthz</c> on the web app and on <c>impact worker</c>, for whoever runs them under a process manager:
/// 200 when the warehouse and the job store answer and the schema is the one this Impact needs, else 503,
/// with one line per check. Open without sign-in: it names no data, only whether each part answers.
/// </summary>
public static class Health
{
    public const string Path = "/healthz";

    public sealed record Report(bool Healthy, string Warehouse, string JobStore, int SchemaVersion);

    public static async Task<Report> CheckAsync(Database warehouse, JobStorage storage, CancellationToken ct)
    {
        var version = 0;
        string warehouseState;
        try
        {
            version = await Migrator.CurrentVersionAsync(warehouse, ct);
            warehouseState = version == Migrator.LatestVersion ? "ok"
                : $"schema version {version}, this Impact needs {Migrator.LatestVersion}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            warehouseState = Failure.Explain(e);
        }
        string storeState;
        try
        {
            using var connection = storage.GetConnection();
            connection.GetRecurringJobs(); // a read that reaches the store
            storeState = "ok";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            storeState = Failure.Explain(e);
        }
        return new Report(warehouseState == "ok" && storeState == "ok", warehouseState, storeState, version);
    }

    public static void MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, async (Database warehouse, JobStorage storage, CancellationToken ct) =>
        {
            var report = await CheckAsync(warehouse, storage, ct);
            return Results.Json(report, statusCode: report.Healthy ? 200 : 503);
        }).AllowAnonymous();
}
