using Impact.Models.Panels;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Models.Runs;

/// <summary>
/// The panels a worker built for the pairs of a fanned-out run, kept for the next pairs of the same metric:
/// pair jobs are queued metric by metric, so a worker reads each metric's KPIs about once per run instead of
/// once per pair. A few panels at most (one is hundreds of MB at 100,000 employees), newest kept; a read
/// that failed is tried again by the next pair.
/// </summary>
public sealed class PanelCache
{
    public const int Capacity = 3;

    /// <summary>A metric's panel and the sentences its read left out (observations the models cannot place).
    /// </summary>
    public sealed record Read(Panel Panel, IReadOnlyList<string> LeftOut);

    readonly Lock gate = new();
    readonly List<(string Key, Lazy<Task<Read>> Read)> entries = [];

    public Task<Read> GetAsync(Database warehouse, long runId, string metricId, DateWindow dates,
        CancellationToken ct)
    {
        var key = $"{warehouse.Target.ConnectionString}|{runId}|{metricId}";
        Lazy<Task<Read>> read;
        lock (gate)
        {
            var at = entries.FindIndex(e => e.Key == key);
            if (at >= 0 && entries[at].Read is { IsValueCreated: true, Value.IsFaulted: false, Value.IsCanceled: false }
                    or { IsValueCreated: false })
            {
                read = entries[at].Read;
            }
            else
            {
                if (at >= 0) entries.RemoveAt(at);
                read = new Lazy<Task<Read>>(() => BuildAsync(warehouse, metricId, dates, ct));
                entries.Add((key, read));
                if (entries.Count > Capacity) entries.RemoveAt(0);
            }
        }
        return read.Value;
    }

    static async Task<Read> BuildAsync(Database warehouse, string metricId, DateWindow dates, CancellationToken ct)
    {
        var org = await WarehouseReader.ReadAsync(warehouse, metricId, ct, dates);
        var metric = org.Metrics.SingleOrDefault(m => m.Id == metricId) ?? throw new ImpactException(
            $"The performance metric '{metricId}' is no longer in {warehouse.Target.Display}.");
        return new Read(PanelBuilder.Build(org, metric), org.LeftOut);
    }
}
