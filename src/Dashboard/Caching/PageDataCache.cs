using Impact.Warehouse;
using Microsoft.Extensions.Caching.Memory;

namespace Impact.Dashboard.Caching;

/// <summary>
/// What a page read from the warehouse (its rendered sections are kept apart, by <see cref="PageHtmlCache"/>),
/// kept under the page's key (page, ids, filter) and the <see cref="DataStamp"/> read fresh for every request
/// (with the session's check, before the page reads anything): new data, a new run or a run's progress make a
/// new key, so a kept value is never older than the warehouse. Concurrent requests for a missing value wait for
/// one read instead of each reading.
/// </summary>
public sealed class PageDataCache(DataStamp stamps, IHttpContextAccessor requests) : IDisposable
{
    /// <summary>Entries, not bytes: a metric page's data with its stored estimates is up to ~100 KB, so at most
    /// ~50 MB; entries of an older stamp, never asked for again, leave after <see cref="Unused"/>.</summary>
    public const int MaxEntries = 500;

    static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);

    readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    /// <summary>How many values were read from the warehouse rather than served from the cache (for tests).
    /// </summary>
    public int Read => read;
    int read;

    public async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken ct) =>
        (await GetStampedAsync(key, load, ct)).Value;

    /// <summary>The value and the stamp it was kept under: a page keys its rendered sections by the same stamp
    /// (<see cref="PageHtmlCache"/>), so the stamp is read once per request.</summary>
    public async Task<Stamped<T>> GetStampedAsync<T>(string key, Func<CancellationToken, Task<T>> load,
        CancellationToken ct)
    {
        var stamp = await stamps.ForRequestAsync(requests.HttpContext, ct);
        var full = $"{typeof(T).FullName}\n{key}\n{stamp}";
        var shared = entries.GetOrCreate(full, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = Unused;
            // One read for everyone waiting; not the first caller's token, whose leaving must not fail the rest.
            return new Lazy<Task<T>>(() =>
            {
                Interlocked.Increment(ref read);
                return load(CancellationToken.None);
            });
        })!;
        try
        {
            return new Stamped<T>(await shared.Value.WaitAsync(ct), stamp);
        }
        catch when (shared.Value.IsFaulted || shared.Value.IsCanceled)
        {
            entries.Remove(full); // a failed read is not kept: the next request tries again
            throw;
        }
    }

    public void Dispose() => entries.Dispose();
}

/// <summary>A page's data and the <see cref="DataStamp"/> it was kept under.</summary>
public sealed record Stamped<T>(T Value, string Stamp);
