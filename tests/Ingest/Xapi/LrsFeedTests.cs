using System.Text.Json.Nodes;
using Impact.Ingest.Xapi;
using Impact.Warehouse;

namespace Impact.Tests.Ingest.Xapi;

public sealed class LrsFeedTests
{
    static readonly HttpClient Http = new();

    static LrsOptions Options(FakeLrs lrs, int pageSize = 5, string? secret = FakeLrs.Secret) =>
        new(lrs.BaseUrl, FakeLrs.Key, secret, pageSize);

    // The real statements served: 23, of which one is voided by another, so an LRS returns 22.
    const int Served = 22;
    const string Voided = "a1000000-0000-4000-8000-000000000004";
    const string Voiding = "a1000000-0000-4000-8000-000000000005";

    /// <summary>Everything the feed yields; a read that loops instead of ending fails after a minute.</summary>
    static async Task<List<XapiRead>> ReadAllAsync(LrsFeed feed)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var all = new List<XapiRead>();
        await foreach (var read in feed.ReadAsync(limit.Token)) all.Add(read);
        return all;
    }

    static List<string> Ids(IEnumerable<XapiRead> reads) =>
        reads.Select(r => r.Statement?.Id ?? r.Rejection!.StatementId!).ToList();

    /// <summary>Statement ids of a test: its series (b3: batches, b4: late commits) and a number.</summary>
    static string Id(string series, int n) => $"{series}000000-0000-4000-8000-{n:D12}";

    [Test]
    public async Task Every_statement_arrives_once_across_pages_that_repeat_statements()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        var feed = new LrsFeed(Http, Options(lrs), since: null);
        var reads = await ReadAllAsync(feed);

        Assert.That(reads, Has.Count.EqualTo(Served));
        Assert.That(Ids(reads), Is.Unique.And.Contain(Voiding).And.Not.Contain(Voided),
            "a voided statement is not returned");
        Assert.That(feed.Pages, Is.EqualTo(6), "22 in pages of 5, each after the first repeating one: 5 + 4 × 4 + 1");
        Assert.That(feed.Duplicates, Is.EqualTo(5), "each page after the first repeated one statement");
        Assert.That(reads.Where(r => r.Statement is not null).Select(r => r.Statement!.Stored), Is.Ordered.Ascending);
    }

    [Test]
    public async Task Requests_carry_the_version_header_basic_auth_ascending_and_limit_and_follow_more()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        await ReadAllAsync(new LrsFeed(Http, Options(lrs, pageSize: 10), since: null));
        var requests = lrs.Requests.ToList();
        Assert.That(requests, Has.Count.EqualTo(3), "22 statements in pages of 10 that overlap by one: 10 + 9 + 3");
        Assert.That(requests[0].PathAndQuery, Is.EqualTo("/xapi/statements?ascending=true&limit=10"));
        Assert.That(requests.Skip(1).Select(r => r.PathAndQuery), Has.All.StartWith("/xapi/statements/more/"));
        Assert.That(requests.Select(r => r.Version), Has.All.EqualTo("1.0.3"));
        Assert.That(requests.Select(r => r.Authorization), Has.All.StartWith("Basic "));
    }

    [TestCase(false, TestName = "A more link as a path (the spec) is followed")]
    [TestCase(true, TestName = "A more link as an absolute URL is followed")]
    public async Task More_links_are_followed_whether_a_path_or_absolute(bool absolute)
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements()) { AbsoluteMoreLinks = absolute };
        var feed = new LrsFeed(Http, Options(lrs), since: null);
        Assert.That(await ReadAllAsync(feed), Has.Count.EqualTo(Served));
        var followed = lrs.Requests.Select(r => r.PathAndQuery).Skip(1).ToList();
        Assert.That(followed, Has.Count.EqualTo(5).And.All.StartWith("/xapi/statements/more/"));
    }

    [Test]
    public async Task A_more_link_sent_again_stops_the_run_instead_of_looping()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements()) { RepeatMoreLink = true };
        var e = Assert.ThrowsAsync<ImpactException>(() => ReadAllAsync(new LrsFeed(Http, Options(lrs), null)))!;
        Assert.That(e.Message, Does.Contain("sent the same 'more' link twice"));
        Assert.That(lrs.Requests, Has.Count.EqualTo(2), "the link came back on page 2 and was not asked for again");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_batch_sharing_one_stored_time_split_across_pages_loses_none(bool overlap)
    {
        await using var lrs = new FakeLrs([]) { RepeatAcrossPages = overlap };
        var batch = Enumerable.Range(1, 7).Select(i => Id("b3", i)).ToList();
        var stored = lrs.Store(batch.Select(id => NewStatement(id, null)).ToArray());
        var feed = new LrsFeed(Http, Options(lrs, pageSize: 3), since: null);
        Assert.That(Ids(await ReadAllAsync(feed)), Is.EqualTo(batch));
        Assert.That(feed.NextWatermark, Is.EqualTo(stored));

        var later = lrs.Store(NewStatement(Id("b3", 8), null), NewStatement(Id("b3", 9), null));
        var next = new LrsFeed(Http, Options(lrs, pageSize: 3), feed.NextWatermark);
        Assert.That(Ids(await ReadAllAsync(next)), Is.EqualTo(new[] { Id("b3", 8), Id("b3", 9) }));
        Assert.That(next.NextWatermark, Is.EqualTo(later));
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
        await using var lrs = new FakeLrs(FakeLrs.RealStatements()) { ConsistentThrough = new DateTimeOffset(2025, 3,
            6, 0, 0, 0, TimeSpan.Zero) };
        var feed = new LrsFeed(Http, Options(lrs), since: null);
        var reads = await ReadAllAsync(feed);
        Assert.That(reads, Has.Count.EqualTo(Served), "statements after consistent-through are still read");
        Assert.That(feed.NextWatermark, Is.EqualTo("2025-03-06T00:00:00.000Z"),
            "but the next run asks again from there");
    }

    [Test]
    public async Task A_watermark_never_moves_back_before_where_the_run_started()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements()) { ConsistentThrough = new DateTimeOffset(2020, 1,
            1, 0, 0, 0, TimeSpan.Zero) };
        var feed = new LrsFeed(Http, Options(lrs), since: "2025-03-01T00:00:00.000Z");
        await ReadAllAsync(feed);
        Assert.That(feed.NextWatermark, Is.EqualTo("2025-03-01T00:00:00.000Z"));
    }

    [Test]
    public async Task Without_a_consistent_through_header_the_watermark_is_the_latest_stored_time()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements()) { OmitConsistentThrough = true };
        var feed = new LrsFeed(Http, Options(lrs), since: null);
        Assert.That(await ReadAllAsync(feed), Has.Count.EqualTo(Served));
        Assert.That(feed.NextWatermark, Is.EqualTo("2025-03-09T10:00:01.000Z"));
    }

    [Test]
    public async Task A_statement_committed_late_is_read_by_the_next_run()
    {
        await using var lrs = new FakeLrs([NewStatement(Id("b4", 1), "2025-04-01T10:00:00Z")]);
        lrs.AddUncommitted(NewStatement(Id("b4", 2), "2025-04-01T10:00:01Z"));
        lrs.Add(NewStatement(Id("b4", 3), "2025-04-01T10:00:02Z"));
        var first = new LrsFeed(Http, Options(lrs), since: null);
        Assert.That(Ids(await ReadAllAsync(first)), Is.EqualTo(new[] { Id("b4", 1), Id("b4", 3) }));
        Assert.That(first.NextWatermark, Is.EqualTo("2025-04-01T10:00:00.999Z"),
            "the LRS vouched only for what was stored before the uncommitted statement");

        lrs.Commit(Id("b4", 2));
        var next = new LrsFeed(Http, Options(lrs), first.NextWatermark);
        Assert.That(Ids(await ReadAllAsync(next)), Is.EqualTo(new[] { Id("b4", 2), Id("b4", 3) }));
        Assert.That(next.NextWatermark, Is.EqualTo("2025-04-01T10:00:02.000Z"));
    }

    [TestCase(429)]
    [TestCase(500)]
    [TestCase(503)]
    public async Task An_error_status_on_a_later_page_fails_the_read_naming_the_status(int status)
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.FailFrom(2, LrsFault.Status(status));
        var e = Assert.ThrowsAsync<ImpactException>(() => ReadAllAsync(new LrsFeed(Http, Options(lrs), null)))!;
        Assert.That(e.Message, Does.Contain($"answered {status}"));
    }

    [Test]
    public async Task Wrong_credentials_are_one_sentence_naming_the_variables()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        var e = Assert.ThrowsAsync<ImpactException>(() =>
            ReadAllAsync(new LrsFeed(Http, Options(lrs, secret: "wrong"), null)))!;
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
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.Fail(LrsFault.Body("{\"statements\": [{\"id\": "), 2);
        var e = Assert.ThrowsAsync<ImpactException>(() => ReadAllAsync(new LrsFeed(Http, Options(lrs), null)))!;
        Assert.That(e.Message, Does.StartWith("LRS page 2 (/xapi/statements/more/"));
    }

    [Test]
    public void A_base_url_that_is_not_http_is_refused()
    {
        var e = Assert.Throws<ImpactException>(() => LrsOptions.For("ftp://lrs.example.com", LrsCredentials.None))!;
        Assert.That(e.Message, Does.Contain("is not an http(s) address"));
        Assert.That(LrsOptions.For("https://user:pw@lrs.example.com/xapi/", LrsCredentials.None).SourceKey,
            Is.EqualTo("xapi:https://lrs.example.com/xapi"));
    }

    [TestCase("2025-03-09T10:00:01Z", "2025-03-09T10:00:01.000Z")]
    [TestCase("2025-03-09T10:00:01.12Z", "2025-03-09T10:00:01.120Z")]
    [TestCase("2016-01-25T20:24:01.770727+00:00", "2016-01-25T20:24:01.770727Z")]
    [TestCase("2025-03-09T11:00:01.1234567+01:00", "2025-03-09T10:00:01.1234567Z")]
    public void Watermarks_are_utc_and_exact_with_at_least_milliseconds(string stored, string watermark) =>
        Assert.That(LrsFeed.Format(DateTimeOffset.Parse(stored, System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(watermark));

    const string Ethics = "https://lms.example.com/course/ethics";

    /// <summary>A completion by Ana; with no stored time, <see cref="FakeLrs.Store"/> gives it one.</summary>
    public static JsonObject NewStatement(string id, string? stored, string activity = Ethics)
    {
        var statement = new JsonObject
        {
            ["id"] = id,
            ["actor"] = new JsonObject { ["mbox"] = "mailto:ana.lopez@example.com" },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/completed" },
            ["object"] = new JsonObject { ["id"] = activity },
            ["timestamp"] = stored ?? "2025-04-01T08:00:00Z",
        };
        if (stored is not null) statement["stored"] = stored;
        return statement;
    }
}
