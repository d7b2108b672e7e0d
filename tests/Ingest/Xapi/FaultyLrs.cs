using System.Net;
using System.Net.Sockets;

namespace Impact.Tests.Ingest.Xapi;

/// <summary>What the faulty LRS does to one answer.</summary>
public enum LrsFault { None, CutShort, Stall, ServiceUnavailable }

/// <summary>
/// An LRS that misbehaves the way real ones do on a bad day, in front of a <see cref="FakeLrs"/> that holds
/// the statements: each request is passed through, and the answer is then sent whole, cut short (the
/// promised Content-Length not reached before the connection drops), stalled after half of it, or replaced
/// by 503. <see cref="Plan"/> chooses by how many times this address was asked for (1 the first time).
/// </summary>
sealed class FaultyLrs : IAsyncDisposable
{
    readonly FakeLrs inner;
    readonly HttpListener listener = new();
    readonly HttpClient http = new();
    readonly Task loop;
    readonly CancellationTokenSource stop = new();
    int requests;

    public Uri BaseUrl { get; }
    public Func<int, LrsFault> Plan { get; init; } = _ => LrsFault.None;
    readonly Dictionary<string, int> asked = new(StringComparer.Ordinal);
    public int Requests => requests;

    public FaultyLrs(FakeLrs inner)
    {
        this.inner = inner;
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/xapi/");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
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
                return;
            }
            Interlocked.Increment(ref requests);
            int times;
            var address = context.Request.Url!.PathAndQuery;
            lock (asked) asked[address] = times = asked.GetValueOrDefault(address) + 1;
            _ = Task.Run(() => AnswerAsync(context, times));
        }
    }

    async Task AnswerAsync(HttpListenerContext context, int times)
    {
        var response = context.Response;
        try
        {
            var fault = Plan(times);
            if (fault == LrsFault.ServiceUnavailable)
            {
                response.StatusCode = 503;
                response.Close();
                return;
            }
            var (status, headers, body) = await AnswerOfAsync(context.Request);
            response.StatusCode = status;
            foreach (var (name, value) in headers) response.Headers[name] = value;
            response.ContentType = "application/json";
            response.ContentLength64 = body.Length;
            if (fault == LrsFault.None)
            {
                await response.OutputStream.WriteAsync(body, stop.Token);
                response.Close();
                return;
            }
            await response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2), stop.Token);
            await response.OutputStream.FlushAsync(stop.Token);
            if (fault == LrsFault.Stall) await Task.Delay(Timeout.Infinite, stop.Token);
            response.Abort(); // the connection drops before the promised length: a body cut short
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException
                                      or IOException)
        {
            try { response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    // Real LRSs answer a repeated 'more' link again; the stand-in behind spends it. The first answer to
    // each address is kept, so a page asked for again after a fault is the same page.
    readonly Dictionary<string, Task<(int, List<(string, string)>, byte[])>> answers = new(StringComparer.Ordinal);

    Task<(int Status, List<(string, string)> Headers, byte[] Body)> AnswerOfAsync(HttpListenerRequest request)
    {
        var address = request.Url!.PathAndQuery;
        lock (answers)
        {
            if (!answers.TryGetValue(address, out var answer)) answers[address] = answer = FetchAsync(request, address);
            return answer;
        }
    }

    async Task<(int, List<(string, string)>, byte[])> FetchAsync(HttpListenerRequest request, string address)
    {
        // "/xapi/statements..." → "statements...", relative to the stand-in's base address.
        var relative = address.TrimStart('/')["xapi/".Length..];
        using var forward = new HttpRequestMessage(HttpMethod.Get, new Uri(inner.BaseUrl, relative));
        foreach (var header in new[] { "Authorization", "X-Experience-API-Version" })
            if (request.Headers[header] is { } value) forward.Headers.TryAddWithoutValidation(header, value);
        using var answer = await http.SendAsync(forward, stop.Token);
        // Only the xAPI headers: hop-by-hop ones (Transfer-Encoding: chunked) would contradict this answer's length.
        var headers = answer.Headers
            .Where(h => h.Key.StartsWith("X-Experience-API", StringComparison.OrdinalIgnoreCase))
            .Select(h => (h.Key, string.Join(",", h.Value))).ToList();
        return ((int)answer.StatusCode, headers, await answer.Content.ReadAsByteArrayAsync(stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        listener.Close();
        await loop;
        http.Dispose();
        stop.Dispose();
    }
}
