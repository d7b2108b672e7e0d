using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace Impact.Dashboard.Caching;

/// <summary>
/// The rendered HTML of page sections that show only warehouse figures (<see cref="CachedSectionTagHelper"/>):
/// never the layout (the reader's name) nor any form that posts (its antiforgery token is made per request). A
/// section's key is made by <see cref="Key"/> from the <see cref="DataStamp"/> the page's data was read under, the
/// page and its filter, the minute (the sections say how long ago a run started) and whatever of the reader the
/// section depends on; the stamp changes with every write that could change a page, so a kept section is never
/// older than the warehouse. Concurrent requests for a missing section wait for one rendering.
/// </summary>
public sealed class PageHtmlCache(TimeProvider clock) : IDisposable
{
    /// <summary>Characters, not entries: a metric page's sections are ~50,000 characters at 100,000 employees
    /// (without their template's indentation), so ~650 of them fit in ~64 MB; entries of an older stamp or minute,
    /// never asked for again, leave after <see cref="Unused"/>.</summary>
    public const long MaxChars = 32L * 1024 * 1024;

    static readonly TimeSpan Unused = TimeSpan.FromMinutes(2);

    readonly MemoryCache sections = new(new MemoryCacheOptions { SizeLimit = MaxChars });
    readonly ConcurrentDictionary<string, Lazy<Task<string>>> rendering = new();

    /// <summary>How many sections were rendered rather than served from the cache (for tests).</summary>
    public int Rendered => rendered;
    int rendered;

    /// <summary>The key of a section of <paramref name="page"/> (its path, ids and filter) and
    /// <paramref name="reader"/> (what of the signed-in person it shows, "" for nothing).</summary>
    public string Key(string stamp, string page, string reader = "") =>
        $"{page}\n{reader}\n{clock.GetUtcNow():yyyy-MM-ddTHH:mm}\n{stamp}";

    public async Task<string> GetAsync(string key, Func<Task<string>> render)
    {
        if (sections.TryGetValue(key, out string? kept) && kept is not null) return kept;
        // One rendering for everyone waiting; kept only once it succeeded (a failed one is tried again next time),
        // and sized by its length, which a MemoryCache entry must know when it is added.
        var shared = rendering.GetOrAdd(key, _ => new Lazy<Task<string>>(async () =>
        {
            Interlocked.Increment(ref rendered);
            var html = await render();
            sections.Set(key, html, new MemoryCacheEntryOptions { Size = html.Length, SlidingExpiration = Unused });
            return html;
        }));
        try
        {
            return await shared.Value;
        }
        finally
        {
            rendering.TryRemove(KeyValuePair.Create(key, shared));
        }
    }

    public void Dispose() => sections.Dispose();
}
