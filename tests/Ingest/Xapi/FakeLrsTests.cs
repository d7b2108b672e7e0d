using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Impact.Ingest.Xapi;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Ingest.Xapi;

/// <summary>The LRS stand-in itself: what other tests rely on it to do.</summary>
public sealed class FakeLrsTests
{
    static readonly HttpClient Http = new();

    static HttpRequestMessage Get(FakeLrs lrs, string query = "statements?ascending=true&limit=50")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(lrs.BaseUrl, query));
        request.Headers.Add(LrsFeed.VersionHeader, "1.0.3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeLrs.Key + ":" + FakeLrs.Secret)));
        return request;
    }

    static async Task<List<string>> IdsAsync(FakeLrs lrs)
    {
        using var response = await Http.SendAsync(Get(lrs));
        response.EnsureSuccessStatusCode();
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return page["statements"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
    }

    static JsonObject Voiding(string id, string target) => new()
    {
        ["id"] = id,
        ["actor"] = new JsonObject { ["mbox"] = "mailto:admin@example.com" },
        ["verb"] = new JsonObject { ["id"] = VerbMap.Voided },
        ["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = target },
    };

    [Test]
    public async Task A_statement_voided_later_disappears_from_queries_and_the_voiding_statement_is_returned()
    {
        await using var lrs = new FakeLrs([]);
        lrs.Store(LrsFeedTests.NewStatement("c2000000-0000-4000-8000-000000000001", null),
            LrsFeedTests.NewStatement("c2000000-0000-4000-8000-000000000002", null));
        Assert.That(await IdsAsync(lrs), Has.Count.EqualTo(2));

        lrs.Store(Voiding("c2000000-0000-4000-8000-0000000000a1", "C2000000-0000-4000-8000-000000000001"));
        Assert.That(await IdsAsync(lrs),
            Is.EqualTo(new[] { "c2000000-0000-4000-8000-000000000002", "c2000000-0000-4000-8000-0000000000a1" }),
            "ids compare without regard to case");
    }

    [Test]
    public async Task A_port_taken_before_the_stand_in_binds_it_costs_a_retry()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var ports = new Queue<int>([taken]);
        await using var lrs = new FakeLrs([], () => ports.TryDequeue(out var port) ? port : LoopbackPort.Free());
        Assert.That(lrs.BaseUrl.Port, Is.Not.EqualTo(taken));
        Assert.That(await IdsAsync(lrs), Is.Empty);
    }

    [Test]
    public async Task A_failure_inside_the_stand_in_answers_500_and_it_goes_on_serving()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.Fail(LrsFault.Throw("a bug in the stand-in"), 1);
        using var quick = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using (var failed = await quick.SendAsync(Get(lrs)))
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(lrs.HandlerErrors.Select(e => e.Message), Is.EqualTo(new[] { "a bug in the stand-in" }));
        using var next = await quick.SendAsync(Get(lrs));
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the next request is still answered");
    }

    [Test]
    public async Task A_status_fault_answers_that_status_with_its_retry_after()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.Fail(LrsFault.Status(429, retryAfterSeconds: 2), 1);
        using (var throttled = await Http.SendAsync(Get(lrs)))
        {
            Assert.That(throttled.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(throttled.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
        }
        Assert.That(await IdsAsync(lrs), Has.Count.EqualTo(22), "only the first request was throttled");
    }

    [Test]
    public async Task A_body_cut_short_ends_the_read_early()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.Fail(LrsFault.CutShort(100), 1);
        using var response = await Http.SendAsync(Get(lrs), HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentLength, Is.GreaterThan(1000));
        Assert.That(async () => await response.Content.ReadAsByteArrayAsync(),
            Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
    }

    [Test]
    public async Task A_stalled_answer_holds_up_only_its_own_request()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.Fail(LrsFault.Stall(afterBytes: 10), 1);
        using var patient = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        Assert.That(async () => await patient.SendAsync(Get(lrs)), Throws.InstanceOf<TaskCanceledException>());
        Assert.That(await IdsAsync(lrs), Has.Count.EqualTo(22), "the next request is answered while the first stalls");
    }

    [Test]
    public async Task A_statement_without_a_stored_time_is_refused_when_added()
    {
        await using var lrs = new FakeLrs([]);
        var unstored = LrsFeedTests.NewStatement("c2000000-0000-4000-8000-000000000009", null);
        var e = Assert.Throws<ArgumentException>(() => lrs.Add(unstored))!;
        Assert.That(e.Message, Does.Contain("needs its stored time"));
    }
}
