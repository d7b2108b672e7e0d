using Impact.Dashboard.Caching;
using Impact.Warehouse;
using Microsoft.Extensions.Caching.Memory;

namespace Impact.Dashboard.Charts;

/// <summary>
/// Chart images the pages have drawn, kept by what they were drawn from: the chart's address (page, handler,
/// ids, filters), the estimate run the pages show (the latest that succeeded) and the warehouse's data version
/// (last ingest run and row counts). A new run or new data makes a new key, so a cached image is never of older
/// figures than the page beside it (<see cref="DataStamp"/>, read fresh for every image: a few small queries
/// are far cheaper than drawing a chart). Bounded by bytes: the least recently used images go first.
/// </summary>
public sealed class ChartCache(DataStamp stamps, IHttpContextAccessor requests) : IDisposable
{
    /// <summary>About 300 page charts at 1800 × 720 px.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    readonly MemoryCache images = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    /// <summary>How many images were drawn rather than served from the cache (for tests).</summary>
    public int Drawn => drawn;
    int drawn;

    public async Task<byte[]> GetAsync(string address, Func<Task<byte[]>> draw, CancellationToken ct)
    {
        var stamp = await stamps.ForRequestAsync(requests.HttpContext, ct);
        var key = $"{address}\n{stamp}";
        if (images.TryGetValue(key, out byte[]? png) && png is not null) return png;
        png = await draw();
        Interlocked.Increment(ref drawn);
        images.Set(key, png, new MemoryCacheEntryOptions { Size = png.LongLength });
        return png;
    }

    public void Dispose() => images.Dispose();
}
