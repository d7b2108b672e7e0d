using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using Impact.Warehouse;

namespace Impact.Ingest.Xapi;

/// <summary>
/// One incremental read of an LRS (xAPI 1.0.3 "Communication" §2.1.3): GET statements stored after the
/// watermark, oldest first, following <c>more</c> links page by page. Yields each statement once, and
/// works out the next watermark, which the caller stores only when the whole run succeeded.
/// </summary>
public sealed class LrsFeed(HttpClient http, LrsOptions options, string? since)
{
    public const string VersionHeader = "X-Experience-API-Version";
    public const string ConsistentThroughHeader = "X-Experience-API-Consistent-Through";

    // Pages may repeat statements (the more link is opaque, and an LRS may overlap pages at equal
    // stored times), so ids are remembered for de-duplication. Only the most recent ones are kept to
    // bound memory on a huge backlog; anything older that came round again is caught by the
    // warehouse's primary key on statement_id.
    const int RememberedIds = 100_000;

    readonly HashSet<string> seen = new(StringComparer.Ordinal);
    readonly Queue<string> seenOrder = new();
    DateTimeOffset? maxStored;
    DateTimeOffset? consistentThrough;

    public int Pages { get; private set; }
    public int Duplicates { get; private set; }

    /// <summary>
    /// Where the next run should start: the latest <c>stored</c> seen, but never past the LRS's
    /// consistent-through time (statements stored before it may still appear later), and never earlier
    /// than this run's own start. Null when there was none.
    /// </summary>
    public string? NextWatermark
    {
        get
        {
            DateTimeOffset? next = maxStored;
            if (next is not null && consistentThrough is not null && consistentThrough < next) next = consistentThrough;
            var start = Parse(since);
            if (next is null || (start is not null && next <= start)) return since;
            return Format(next.Value);
        }
    }

    /// <summary>Page reads that met a passing fault (timeout, 5xx, a body cut short) and were tried again.</summary>
    public int Retries { get; private set; }

    public async IAsyncEnumerable<XapiRead> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl
            : new Uri(options.BaseUrl.AbsoluteUri + "/");
        var query = $"statements?ascending=true&limit={options.PageSize.ToString(CultureInfo.InvariantCulture)}";
        if (since is not null) query += "&since=" + Uri.EscapeDataString(since);
        var next = new Uri(baseUrl, query);
        var authority = new Uri(baseUrl.GetLeftPart(UriPartial.Authority));
        var visited = new HashSet<string>(StringComparer.Ordinal);

        while (next is not null)
        {
            if (!visited.Add(next.AbsoluteUri))
                throw new ImpactException($"The LRS at {Show(baseUrl)} sent the same 'more' link twice " +
                    $"({next.PathAndQuery}); stopping rather than looping.");
            Pages++;
            var (reads, more) = await ReadPageAsync(next, ct);
            foreach (var read in reads)
            {
                // A refused statement repeated on the next page is still one refusal.
                if ((read.Statement?.Id ?? read.Rejection?.StatementId) is { } id
                    && !Remember(id)) { Duplicates++; continue; }
                if (read.Statement?.Stored is { } stored
                    && (maxStored is null || stored > maxStored)) maxStored = stored;
                yield return read;
            }
            // "more" is relative to the LRS's authority (scheme, host, port), not to the statements path.
            next = string.IsNullOrWhiteSpace(more) ? null : new Uri(authority, more);
        }
    }

    /// <summary>
    /// One whole page, read within the timeout (which covers the body, not only the headers: a stalled body
    /// is a timeout too). A page is at most <see cref="LrsOptions.PageSize"/> statements, so it is held
    /// whole: a page that fails half-way is read again from its start, and nothing of the failed attempt
    /// is passed on. Passing faults are retried after pauses; anything else is one sentence at once.
    /// </summary>
    async Task<(List<XapiRead> Reads, string? More)> ReadPageAsync(Uri url, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(options.Timeout);
            string fault;
            try
            {
                using var response = await SendAsync(url, deadline.Token);
                BoundBy(response.Headers);
                await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
                var reader = new StatementReader($"LRS page {Pages} ({url.PathAndQuery})");
                var reads = new List<XapiRead>();
                await foreach (var read in reader.ReadAsync(body, deadline.Token)) reads.Add(read);
                return (reads, reader.More);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                var seconds = options.Timeout.TotalSeconds;
                fault = $"did not send a whole page within {seconds:0} s ({LrsOptions.TimeoutVariable})";
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                if (attempt > options.Retry.Retries)
                    throw new ImpactException(
                        $"Cannot reach the LRS at {Show(url)}: {e.Message.TrimEnd('.')} (tried {attempt} times).", e);
                fault = $"could not be reached ({e.Message.TrimEnd('.')})";
            }
            catch (IOException e)
            {
                fault = $"cut a page short ({e.Message.TrimEnd('.')})";
            }
            catch (LrsBusyException e)
            {
                fault = e.Message;
            }
            if (attempt > options.Retry.Retries)
                throw new ImpactException(
                    $"The LRS at {Show(url)} {fault}, {attempt} times in a row: try again later.");
            Retries++;
            await Task.Delay(options.Retry.PauseBefore(attempt), ct);
        }
    }

    /// <summary>An answer worth asking again for: the LRS is overloaded, restarting, or timed out itself.</summary>
    sealed class LrsBusyException(string message) : Exception(message);

    async Task<HttpResponseMessage> SendAsync(Uri url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(VersionHeader, "1.0.3");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.Key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Key + ":" + options.Secret)));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.IsSuccessStatusCode) return response;
        var status = (int)response.StatusCode;
        var phrase = response.ReasonPhrase;
        response.Dispose();
        if (status is >= 500 or 408 or 429) throw new LrsBusyException($"answered {status} {phrase}");
        throw new ImpactException(status is 401 or 403
            ? $"The LRS at {Show(url)} refused the credentials ({status}): set {LrsOptions.KeyVariable} and " +
                $"{LrsOptions.SecretVariable} to a key with read access."
            : $"The LRS at {Show(url)} answered {status} {phrase} for the statements query.");
    }

    void BoundBy(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues(ConsistentThroughHeader, out var values)) return;
        foreach (var value in values)
            if (Parse(value) is { } time
                && (consistentThrough is null || time < consistentThrough)) consistentThrough = time;
    }

    bool Remember(string id)
    {
        if (!seen.Add(id)) return false;
        seenOrder.Enqueue(id);
        if (seenOrder.Count > RememberedIds) seen.Remove(seenOrder.Dequeue());
        return true;
    }

    static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time : null;

    /// <summary>
    /// UTC, exact (rounding would move an exclusive <c>since</c> and skip statements), but with trailing
    /// zeros dropped down to milliseconds: the precision xAPI asks of stored times, and the form LRSs
    /// that parse at most three or six fraction digits accept.
    /// </summary>
    public static string Format(DateTimeOffset time)
    {
        var text = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        var end = text.Length;
        while (end > text.Length - 4 && text[end - 1] == '0') end--;
        return text[..end] + "Z";
    }

    static string Show(Uri url) => url.GetLeftPart(UriPartial.Path);
}
