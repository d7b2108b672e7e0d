using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Impact.Ingest.Xapi;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Ingest.Xapi;

public sealed record LrsRequest(int Number, string PathAndQuery, string? Version, string? Authorization);

/// <summary>
/// A small LRS on real HTTP (127.0.0.1, a free port) that answers GET statements the way xAPI 1.0.3
/// (Communication §2.1.3) says an LRS does: <c>since</c> exclusive on <c>stored</c>, ascending order, <c>limit</c>,
/// opaque <c>more</c> links, the consistent-through header, basic auth and the version header; a statement
/// that another one voided is never returned (the voiding statement is). Switches make it behave like LRSs
/// seen in the field; <see cref="Fail"/> makes chosen requests fail (<see cref="LrsFault"/>).
/// </summary>
sealed class FakeLrs : IAsyncDisposable
{
    public const string Key = "impact-test-key";
    public const string Secret = "impact-test-secret";
    const string MorePath = "/xapi/statements/more/";

    readonly HttpListener listener;
    readonly Task loop;
    readonly CancellationTokenSource stopping = new();
    readonly ConcurrentDictionary<Task, bool> answering = new();
    readonly StatementStore store = new();
    readonly ConcurrentDictionary<string, Cursor> cursors = new();
    readonly ConcurrentDictionary<int, LrsFault> faults = new();
    (int From, LrsFault Fault)? lastingFault;
    int requests;

    public Uri BaseUrl { get; }

    /// <summary>Repeats the last statement of each page at the top of the next, as some LRSs do (default on).</summary>
    public bool RepeatAcrossPages { get; set; } = true;

    /// <summary>Sends <c>more</c> as an absolute URL (scheme, host, port), not the path the spec asks for.</summary>
    public bool AbsoluteMoreLinks { get; set; }

    /// <summary>A buggy LRS: every page reached through a <c>more</c> link sends that same link again.</summary>
    public bool RepeatMoreLink { get; set; }

    /// <summary>Leaves out the consistent-through header, which the spec requires.</summary>
    public bool OmitConsistentThrough { get; set; }

    /// <summary>
    /// The consistent-through header. By default: now, or just before the earliest statement stored but
    /// not yet committed (<see cref="AddUncommitted"/>), as an LRS that commits late reports it.
    /// </summary>
    public DateTimeOffset? ConsistentThrough { get; set; }

    public ConcurrentQueue<LrsRequest> Requests { get; } = new();

    /// <summary>Exceptions the stand-in hit while answering; each was answered 500.</summary>
    public ConcurrentQueue<Exception> HandlerErrors { get; } = new();

    /// <param name="statements">Statements with their stored times, visible at once.</param>
    /// <param name="pickPort">Where to look for a port (a test of the retry gives a taken one first).</param>
    public FakeLrs(IEnumerable<JsonObject> statements, Func<int>? pickPort = null)
    {
        foreach (var s in statements) store.Add(s, committed: true);
        (listener, var port) = LoopbackPort.Bind(port =>
        {
            var l = new HttpListener();
            l.Prefixes.Add($"http://127.0.0.1:{port}/");
            try { l.Start(); }
            catch { l.Close(); throw; }
            return (l, port);
        }, pickPort);
        BaseUrl = new Uri($"http://127.0.0.1:{port}/xapi/");
        loop = Task.Run(ServeAsync);
    }

    /// <summary>The real statements from tests/data/xapi that carry a stored time (an LRS always sets it).</summary>
    public static List<JsonObject> RealStatements()
    {
        var all = new List<JsonObject>();
        all.AddRange(ParseFile(XapiFiles.StatementBank).AsArray().Select(n => n!.AsObject()));
        all.AddRange(ParseFile(XapiFiles.Written)["statements"]!.AsArray().Select(n => n!.AsObject()));
        return all.Select(s => (JsonObject)s.DeepClone()).ToList();
    }

    static JsonNode ParseFile(string name) => JsonNode.Parse(File.ReadAllText(XapiFiles.Path(name)))!;

    /// <summary>A statement with the stored time it carries, visible at once.</summary>
    public void Add(JsonObject statement) => store.Add(statement, committed: true);

    /// <summary>Stores statements as one batch: all get the same stored time, the stand-in's clock (then +1 s).
    /// Returns that time as the feed writes a watermark.</summary>
    public string Store(params JsonObject[] statements) => store.StoreBatch(statements);

    /// <summary>A statement with its stored time that queries miss until <see cref="Commit"/>: a late commit.</summary>
    public void AddUncommitted(JsonObject statement) => store.Add(statement, committed: false);

    public void Commit(string statementId) => store.Commit(statementId);

    /// <summary>The given requests (counted from 1 over the stand-in's life) fail with <paramref name="fault"/>.
    /// </summary>
    public void Fail(LrsFault fault, params int[] requestNumbers)
    {
        foreach (var n in requestNumbers) faults[n] = fault;
    }

    /// <summary>Every request from <paramref name="requestNumber"/> on fails with <paramref name="fault"/>.</summary>
    public void FailFrom(int requestNumber, LrsFault fault) => lastingFault = (requestNumber, fault);

    public void StopFailing()
    {
        faults.Clear();
        lastingFault = null;
    }

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException
                                          or InvalidOperationException)
            {
                return; // stopped
            }
            // One task per request: a stalled answer must not hold up the client's next request.
            var task = Task.Run(() => AnswerSafelyAsync(context));
            answering[task] = true;
            _ = task.ContinueWith(t => answering.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    async Task AnswerSafelyAsync(HttpListenerContext context)
    {
        try
        {
            await AnswerAsync(context);
            context.Response.Close();
        }
        catch (DroppedOnPurpose) { }
        catch (Exception e) when (stopping.IsCancellationRequested
                                  && e is OperationCanceledException or HttpListenerException
                                      or ObjectDisposedException)
        {
            context.Response.Abort();
        }
        catch (Exception e)
        {
            // A bug here must show as a failed request, not end the loop and leave later requests hanging.
            HandlerErrors.Enqueue(e);
            try
            {
                context.Response.StatusCode = 500;
                Write(context.Response, $"{{\"error\": \"the LRS stand-in failed: {e.GetType().Name}\"}}");
                context.Response.Close();
            }
            catch (Exception) { context.Response.Abort(); } // the headers were already sent
        }
    }

    async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var number = Interlocked.Increment(ref requests);
        Requests.Enqueue(new LrsRequest(number, request.Url!.PathAndQuery, request.Headers[LrsFeed.VersionHeader],
            request.Headers["Authorization"]));
        response.Headers[LrsFeed.VersionHeader] = "1.0.3";

        var fault = faults.GetValueOrDefault(number) ?? (lastingFault is { } f && number >= f.From ? f.Fault : null);
        switch (fault)
        {
            case ThrowFault t: throw new InvalidOperationException(t.Message);
            case StatusFault s:
                response.StatusCode = s.Code;
                if (s.RetryAfterSeconds is { } seconds)
                    response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
                return;
            case StallFault { AfterBytes: null } stall:
                await Task.Delay(stall.Duration ?? Timeout.InfiniteTimeSpan, stopping.Token);
                break;
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Key + ":" + Secret));
        if (request.Headers["Authorization"] != expected) { response.StatusCode = 401; return; }
        if (request.Headers[LrsFeed.VersionHeader]?.StartsWith("1.0.", StringComparison.Ordinal) != true)
        {
            response.StatusCode = 400;
            return;
        }
        if (Query(request) is not { } cursor) { response.StatusCode = 404; return; }

        var (page, consistentThrough, hasMore) = store.Page(cursor);
        var more = "";
        if (hasMore)
        {
            // The buggy kind sends the link it was reached by again, which leads to this same page again.
            var token = RepeatMoreLink && cursor.Token is { } same ? same : Guid.NewGuid().ToString("N");
            // A later page starts after the last statement sent, or at it when pages overlap (not with pages
            // of one, which would then never move on).
            if (token != cursor.Token)
                cursors[token] = cursor with
                {
                    After = page[^1].Key, Inclusive = RepeatAcrossPages && page.Count > 1, Token = token,
                };
            more = (AbsoluteMoreLinks ? BaseUrl.GetLeftPart(UriPartial.Authority) : "") + MorePath + token;
        }
        if (!OmitConsistentThrough)
            response.Headers[LrsFeed.ConsistentThroughHeader] =
                (ConsistentThrough ?? consistentThrough).ToString("o", CultureInfo.InvariantCulture);
        response.ContentType = "application/json";
        var body = fault is BodyFault b
            ? b.Text
            : new JsonObject
            {
                ["statements"] = new JsonArray(page.Select(s => (JsonNode)s.Json.DeepClone()).ToArray()),
                ["more"] = more,
            }.ToJsonString();
        await SendAsync(response, Encoding.UTF8.GetBytes(body), fault);
    }

    Cursor? Query(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath;
        if (path == "/xapi/statements")
            return request.QueryString["ascending"] != "true" ? null : new Cursor(
                request.QueryString["since"] is { } since
                    ? DateTimeOffset.Parse(since, CultureInfo.InvariantCulture)
                    : null,
                int.Parse(request.QueryString["limit"] ?? "100", CultureInfo.InvariantCulture), null, false, null);
        if (!path.StartsWith(MorePath, StringComparison.Ordinal)) return null;
        var token = path[MorePath.Length..];
        // A more link stays good (xAPI 1.0.3 asks for at least 24 hours): a client may ask again for a page
        // whose answer it lost to a dropped connection or a timeout.
        return cursors.GetValueOrDefault(token);
    }

    async Task SendAsync(HttpListenerResponse response, byte[] bytes, LrsFault? fault)
    {
        response.ContentLength64 = bytes.Length;
        var first = fault switch
        {
            CutShortFault c => c.Bytes,
            StallFault { AfterBytes: { } n } => n,
            _ => bytes.Length,
        };
        first = Math.Clamp(first, 0, bytes.Length);
        await response.OutputStream.WriteAsync(bytes.AsMemory(0, first), stopping.Token);
        await response.OutputStream.FlushAsync(stopping.Token);
        switch (fault)
        {
            case CutShortFault:
                response.Abort();
                throw new DroppedOnPurpose();
            case StallFault stall:
                await Task.Delay(stall.Duration ?? Timeout.InfiniteTimeSpan, stopping.Token);
                break;
        }
        await response.OutputStream.WriteAsync(bytes.AsMemory(first), stopping.Token);
    }

    static void Write(HttpListenerResponse response, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentType = "application/json";
        response.OutputStream.Write(bytes);
    }

    sealed class DroppedOnPurpose : Exception;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        listener.Close();
        await loop;
        await Task.WhenAll(answering.Keys);
        stopping.Dispose();
    }
}
