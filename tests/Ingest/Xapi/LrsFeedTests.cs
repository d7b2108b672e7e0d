using System.Text.Json.Nodes;
using Impact.Ingest.Xapi;
using Impact.Warehouse;

namespace Impact.Tests.Ingest.Xapi;

public sealed class LrsFeedTests
{
    static readonly HttpClient Http = new();

    static LrsOptions Options(FakeLrs lrs, int pageSize = 5, string? secret = FakeLrs.Secret) =>
        new(lrs.BaseUrl, FakeLrs.Key, secret, pageSize);

    static async Task<List<XapiRead>> ReadAllAsync(LrsFeed feed)
    {
        var all = new List<XapiRead>();
        await foreach (var read in feed.ReadAsync(CancellationToken.None)) all.Add(read);
        return all;
    }

    [Test]
    public async Task Every_statement_arrives_once_across_pages_that_repeat_statements()
    {
        var served = FakeLrs.RealStatements();
        await using var lrs = new FakeLrs(served);
        var feed = new LrsFeed(Http, Options(lrs), since: null);
        var reads = await ReadAllAsync(feed);

        Assert.That(reads, Has.Count.EqualTo(served.Count));
        var ids = reads.Select(r => r.Statement?.Id ?? r.Rejection!.StatementId).ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(feed.Pages, Is.GreaterThan(4), "23 statements in pages of 5 (each repeating one) take at least 5 pages");
        Assert.That(feed.Duplicates, Is.EqualTo(feed.Pages - 1), "each page after the first repeated one statement");
        Assert.That(reads.Where(r => r.Statement is not null).Select(r => r.Statement!.Stored), Is.Ordered.Ascending);
    }

    [Test]
    public async Task Requests_carry_the_version_header_basic_auth_ascending_and_limit_and_follow_more()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        await ReadAllAsync(new LrsFeed(Http, Options(lrs, pageSize: 10), since: null));
        var requests = lrs.Requests.ToList();
        Assert.That(requests[0].PathAndQuery, Is.EqualTo("/xapi/statements?ascending=true&limit=10"));
        Assert.That(requests.Skip(1).Select(r => r.PathAndQuery), Has.All.StartWith("/xapi/statements/more/"));
        Assert.That(requests.Select(r => r.Version), Has.All.EqualTo("1.0.3"));
        Assert.That(requests.Select(r => r.Authorization), Has.All.StartWith("Basic "));
    }

    [Test]
    public async Task The_watermark_is_the_latest_stored_time_and_since_is_exclusive()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        var first = new LrsFeed(Http, Options(lrs), since: null);
        await ReadAllAsync(first);
        Assert.That(first.NextWatermark, Is.EqualTo("2025-03-09T10:00:01.000Z"));

        var again = new LrsFeed(Http, Options(lrs), first.NextWatermark);
        Assert.That(await ReadAllAsync(again), Is.Empty, "nothing stored after the watermark");
        Assert.That(again.NextWatermark, Is.EqualTo(first.NextWatermark));
        Assert.That(lrs.Requests.Last().PathAndQuery, Does.Contain("since=2025-03-09T10%3A00%3A01.000Z"));

        lrs.Add(NewStatement("b2000000-0000-4000-8000-000000000001", "2025-03-10T08:00:00.5Z"));
        var next = new LrsFeed(Http, Options(lrs), again.NextWatermark);
        var news = await ReadAllAsync(next);
        Assert.That(news.Select(r => r.Statement!.Id), Is.EqualTo(new[] { "b2000000-0000-4000-8000-000000000001" }));
        Assert.That(next.NextWatermark, Is.EqualTo("2025-03-10T08:00:00.500Z"));
    }

    [Test]
    public async Task Consistent_through_bounds_the_watermark()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements()) { ConsistentThrough = new DateTimeOffset(2025, 3, 6, 0, 0, 0, TimeSpan.Zero) };
        var feed = new LrsFeed(Http, Options(lrs), since: null);
        var reads = await ReadAllAsync(feed);
        Assert.That(reads, Has.Count.EqualTo(23), "statements after consistent-through are still read");
        Assert.That(feed.NextWatermark, Is.EqualTo("2025-03-06T00:00:00.000Z"), "but the next run asks again from there");
    }

    [Test]
    public async Task A_watermark_never_moves_back_before_where_the_run_started()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements()) { ConsistentThrough = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        var feed = new LrsFeed(Http, Options(lrs), since: "2025-03-01T00:00:00.000Z");
        await ReadAllAsync(feed);
        Assert.That(feed.NextWatermark, Is.EqualTo("2025-03-01T00:00:00.000Z"));
    }

    [Test]
    public async Task Wrong_credentials_are_one_sentence_naming_the_variables()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        var e = Assert.ThrowsAsync<ImpactException>(() => ReadAllAsync(new LrsFeed(Http, Options(lrs, secret: "wrong"), null)))!;
        Assert.That(e.Message, Does.Contain("refused the credentials (401)").And.Contain(LrsOptions.KeyVariable));
    }

    [Test]
    public void An_lrs_that_is_not_there_is_one_sentence()
    {
        var options = new LrsOptions(new Uri("http://127.0.0.1:1/xapi/"), FakeLrs.Key, FakeLrs.Secret);
        var e = Assert.ThrowsAsync<ImpactException>(() => ReadAllAsync(new LrsFeed(Http, options, null)))!;
        Assert.That(e.Message, Does.StartWith("Cannot reach the LRS at http://127.0.0.1:1/xapi/statements"));
    }

    [Test]
    public async Task A_malformed_page_names_the_page()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements()) { BrokenPageBody = "{\"statements\": [{\"id\": " };
        var e = Assert.ThrowsAsync<ImpactException>(() => ReadAllAsync(new LrsFeed(Http, Options(lrs), null)))!;
        Assert.That(e.Message, Does.StartWith("LRS page 2 (/xapi/statements/more/"));
    }

    [Test]
    public void A_base_url_that_is_not_http_is_refused()
    {
        var e = Assert.Throws<ImpactException>(() => LrsOptions.For("ftp://lrs.example.com", LrsCredentials.None))!;
        Assert.That(e.Message, Does.Contain("is not an http(s) address"));
        Assert.That(LrsOptions.For("https://user:pw@lrs.example.com/xapi/", LrsCredentials.None).SourceKey, Is.EqualTo("xapi:https://lrs.example.com/xapi"));
    }

    [TestCase("2025-03-09T10:00:01Z", "2025-03-09T10:00:01.000Z")]
    [TestCase("2025-03-09T10:00:01.12Z", "2025-03-09T10:00:01.120Z")]
    [TestCase("2016-01-25T20:24:01.770727+00:00", "2016-01-25T20:24:01.770727Z")]
    [TestCase("2025-03-09T11:00:01.1234567+01:00", "2025-03-09T10:00:01.1234567Z")]
    public void Watermarks_are_utc_and_exact_with_at_least_milliseconds(string stored, string watermark) =>
        Assert.That(LrsFeed.Format(DateTimeOffset.Parse(stored, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(watermark));

    static JsonObject NewStatement(string id, string stored) => new()
    {
        ["id"] = id,
        ["actor"] = new JsonObject { ["mbox"] = "mailto:ana.lopez@example.com" },
        ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/completed" },
        ["object"] = new JsonObject { ["id"] = "https://lms.example.com/course/ethics" },
        ["timestamp"] = stored,
        ["stored"] = stored,
    };
}
