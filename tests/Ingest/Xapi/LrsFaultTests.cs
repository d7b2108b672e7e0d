using Impact.Ingest.Pipeline;
using Impact.Ingest.Xapi;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Xapi;

/// <summary>
/// An LRS on a bad day: bodies cut short, bodies that stall, 503s. A page that fails is asked for again
/// (the timeout covers reading its body) and the run ends with every statement once; a fault that does
/// not pass ends the run with one sentence and leaves the watermark where it was.
/// </summary>
[Parallelizable]
public sealed class LrsFaultTests
{
    static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    static LrsOptions Options(Uri url, int seconds = 5, int retries = 2) =>
        new(url, FakeLrs.Key, FakeLrs.Secret, PageSize: 5)
    {
        Timeout = TimeSpan.FromSeconds(seconds),
        Retry = new RetryPolicy(retries, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(60)),
    };

    static async Task<Database> WithIdentitiesAsync()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        Assert.That((await RunAsync(w, "identities", File(XapiIngestTests.Identities))).ExitCode, Is.Zero);
        return w;
    }

    static Task<IngestSummary> LoadAsync(Database w, LrsOptions options) =>
        IngestRunner.RunAsync(w, new XapiLrsSource(options, Http), Quiet, CancellationToken.None);

    static readonly object[] PassingFaults =
    [
        new object[] { "cut short", LrsFault.CutShort(bytes: 100) },
        new object[] { "stalled after the headers", LrsFault.Stall(afterBytes: 100) },
        new object[] { "503", LrsFault.Status(503) },
    ];

    [TestCaseSource(nameof(PassingFaults))]
    public async Task A_page_that_fails_once_is_read_again_and_the_run_reads_every_statement_once(
        string name, LrsFault fault)
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        var control = await LoadAsync(await WithIdentitiesAsync(), Options(lrs.BaseUrl));
        var w = await WithIdentitiesAsync();
        // Counted over the stand-in's life: the control run asked once per page; the next request is the
        // first page of the run under test, and the one after its retry is the second page.
        var asked = lrs.Requests.Count;
        lrs.Fail(fault, asked + 1, asked + 3);

        var run = await LoadAsync(w, Options(lrs.BaseUrl, seconds: 2));

        Assert.That((run.Outcome, run.Read, run.Stored, run.Rejected),
            Is.EqualTo((control.Outcome, control.Read, control.Stored, control.Rejected)), run.Describe());
        Assert.That(run.Notes, Has.Some.Contain("page read(s) tried again after a passing fault"));
        Assert.That(await CountAsync(w, "source_watermarks"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_body_always_cut_short_fails_the_run_in_one_sentence_and_keeps_the_watermark()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.FailFrom(1, LrsFault.CutShort(bytes: 100));
        var w = await WithIdentitiesAsync();

        var run = await LoadAsync(w, Options(lrs.BaseUrl, retries: 1));

        Assert.That((run.Outcome, run.ExitCode), Is.EqualTo((IngestOutcome.Failed, ExitCodes.NothingStored)));
        Assert.That(run.Message, Does.StartWith($"The LRS at {lrs.BaseUrl}statements cut a page short")
            .And.EndWith("2 times in a row: try again later."));
        Assert.That(await CountAsync(w, "source_watermarks"), Is.Zero);
    }

    [Test]
    public async Task A_body_that_stalls_is_a_timeout_even_after_the_headers_arrived()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.FailFrom(1, LrsFault.Stall(afterBytes: 100));
        var w = await WithIdentitiesAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = await LoadAsync(w, Options(lrs.BaseUrl, seconds: 1, retries: 1));

        Assert.That(run.Outcome, Is.EqualTo(IngestOutcome.Failed));
        Assert.That(run.Message,
            Does.Contain("did not send a whole page within 1 s (IMPACT_LRS_TIMEOUT), 2 times in a row"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)),
            "the configured timeout, not the HTTP client's, bounds the wait");
    }

    [Test]
    public async Task The_impact_tool_stops_a_stalled_lrs_with_one_sentence_and_exit_1()
    {
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        lrs.FailFrom(1, LrsFault.Stall(afterBytes: 100));
        var db = "sqlite:" + TempFiles.NewPath(".db");
        await ImpactProcess.RunAsync("init", "--db", db);
        var environment = new Dictionary<string, string?>
        {
            [LrsOptions.KeyVariable] = FakeLrs.Key, [LrsOptions.SecretVariable] = FakeLrs.Secret,
            [LrsOptions.TimeoutVariable] = "1", [RetryPolicy.RetriesVariable] = "1",
        };

        var run = await ImpactProcess.RunAsync(["ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--db", db],
            environment: environment);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.NothingStored), run.Output);
        Assert.That(run.Error.Trim().Split('\n')[0], Does.Contain("did not send a whole page within 1 s"));
        Assert.That(run.Error, Does.Not.Contain("   at "));
        var history = await ImpactProcess.RunAsync("ingest", "history", "--db", db);
        Assert.That(history.Output, Does.Contain("failed"));
    }
}
