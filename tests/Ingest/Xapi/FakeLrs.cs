using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Impact.Tests.Ingest.Xapi;

/// <summary>
/// A small LRS stand-in on real HTTP (127.0.0.1, a free port) that answers GET statements the way
/// xAPI 1.0.3 describes: <c>since</c> exclusive on stored, ascending order, <c>limit</c>, opaque
/// <c>more</c> links, the consistent-through header, basic auth and the version header. Optionally
/// repeats the last statement of each page at the top of the next, as real LRSs may.
/// </summary>
sealed class FakeLrs : IAsyncDisposable
{
    public const string Key = "impact-test-key";
    public const string Secret = "impact-test-secret";

    readonly HttpListener listener = new();
    readonly Task loop;
    readonly List<JsonObject> statements = [];
    readonly ConcurrentDictionary<string, (string? Since, int Offset, int Limit)> cursors = new();

    public Uri BaseUrl { get; }
    public bool RepeatAcrossPages { get; set; } = true;
    public DateTimeOffset? ConsistentThrough { get; set; }
    public string? BrokenPageBody { get; set; }
    public ConcurrentQueue<(string PathAndQuery, string? Version, string? Authorization)> Requests { get; } = new();

    public FakeLrs(IEnumerable<JsonObject> statements)
    {
        this.statements.AddRange(statements);
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/xapi/");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    /// <summary>The real statements from tests/data/xapi that carry a stored time (an LRS always sets it).</summary>
    public static List<JsonObject> RealStatements()
    {
        var all = new List<JsonObject>();
        all.AddRange(JsonNode.Parse(File.ReadAllText(XapiFiles.Path(XapiFiles.StatementBank)))!.AsArray().Select(n =>
            n!.AsObject()));
        all.AddRange(JsonNode.Parse(File.ReadAllText(XapiFiles.Path(XapiFiles.Written)))!["statements"]!.AsArray()
            .Select(n => n!.AsObject()));
        return all.Select(s => (JsonObject)s.DeepClone()).ToList();
    }

    public void Add(JsonObject statement)
    {
        lock (statements) statements.Add(statement);
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
            catch (Exception e) when (
                e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { Answer(context); }
            finally { context.Response.Close(); }
        }
    }

    void Answer(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        Requests.Enqueue((request.Url!.PathAndQuery, request.Headers["X-Experience-API-Version"],
            request.Headers["Authorization"]));
        response.Headers["X-Experience-API-Version"] = "1.0.3";

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Key + ":" + Secret));
        if (request.Headers["Authorization"] != expected) { response.StatusCode = 401; return; }
        if (request.Headers["X-Experience-API-Version"]?.StartsWith("1.0.",
            StringComparison.Ordinal) != true) { response.StatusCode = 400; return; }

        var path = request.Url.AbsolutePath;
        (string? Since, int Offset, int Limit) cursor;
        if (path == "/xapi/statements")
        {
            if (request.QueryString["ascending"] != "true") { response.StatusCode = 400; return; }
            cursor = (request.QueryString["since"], 0,
                int.Parse(request.QueryString["limit"] ?? "100", CultureInfo.InvariantCulture));
        }
        else if (path.StartsWith("/xapi/statements/more/", StringComparison.Ordinal)
            && cursors.TryRemove(path["/xapi/statements/more/".Length..], out var saved))
            cursor = saved;
        else { response.StatusCode = 404; return; }

        List<JsonObject> matching;
        lock (statements)
        {
            var since = cursor.Since is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(cursor.Since,
                CultureInfo.InvariantCulture);
            matching = statements
                .Where(s => since is null || Stored(s) > since) // since is exclusive
                .OrderBy(Stored)
                .ToList();
        }
        var page = matching.Skip(cursor.Offset).Take(cursor.Limit).ToList();
        var more = "";
        if (cursor.Offset + page.Count < matching.Count)
        {
            var token = Guid.NewGuid().ToString("N");
            var nextOffset = cursor.Offset + page.Count - (RepeatAcrossPages ? 1 : 0);
            cursors[token] = (cursor.Since, nextOffset, cursor.Limit);
            more = "/xapi/statements/more/" + token;
        }
        response.Headers["X-Experience-API-Consistent-Through"] = (ConsistentThrough
            ?? DateTimeOffset.UtcNow).ToString("o", CultureInfo.InvariantCulture);
        response.ContentType = "application/json";
        var body = BrokenPageBody is not null && cursor.Offset > 0
            ? BrokenPageBody
            : new JsonObject { ["statements"] = new JsonArray(page.Select(s => (JsonNode)s.DeepClone()).ToArray()),
                ["more"] = more }.ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(body);
        response.OutputStream.Write(bytes);
    }

    static DateTimeOffset Stored(JsonObject statement) =>
        DateTimeOffset.Parse(statement["stored"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
