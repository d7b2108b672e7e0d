using Impact.Ingest.Xapi;
using Impact.Tests.Infrastructure;
using Impact.Tests.Ingest.Xapi;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Jobs.Verbs;

public sealed class XapiCliTests
{
    [Test]
    public async Task The_impact_tool_loads_identities_then_statements_from_a_file_and_from_an_lrs()
    {
        var db = "sqlite:" + TempFiles.NewPath(".db");
        Assert.That((await ImpactProcess.RunAsync("init", "--db", db)).ExitCode, Is.Zero);

        var ids = await ImpactProcess.RunAsync("ingest", "identities", File(XapiIngestTests.Identities), "--db", db);
        Assert.That(ids.ExitCode, Is.Zero, ids.Error);

        var file = await ImpactProcess.RunAsync("ingest", "xapi", XapiFiles.Path(XapiFiles.Written), "--db", db);
        Assert.That(file.ExitCode, Is.EqualTo(2), file.Error);
        Assert.That(file.Output, Does.Contain("6 read, 5 stored").And.Contain("is not in the identity map")
            .And.Contain("3 completions stored or updated from statements, 0 removed by voiding (1 statements voided)"),
            "completions are recomputed once per batch: the one voided within the same batch was never written");

        var neither = await ImpactProcess.RunAsync("ingest", "xapi", "--db", db);
        Assert.That((neither.ExitCode, neither.Error.Trim()),
            Is.EqualTo((1, "impact: Give either a statements file or --lrs <base-url>, not both or neither.")));

        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        var credentials = new Dictionary<string, string?> { [LrsOptions.KeyVariable] = FakeLrs.Key,
            [LrsOptions.SecretVariable] = FakeLrs.Secret };
        var first = await ImpactProcess.RunAsync(["ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--db", db],
            environment: credentials);
        Assert.That(first.ExitCode, Is.EqualTo(2), first.Error);
        // 23 stored in the LRS; the one voided (already loaded from the file) is not returned.
        Assert.That(first.Output, Does.Contain("22 read, 0 stored, 0 updated, 4 unchanged, 18 rejected")
            .And.Contain("next run asks for statements stored after 2025-03-09"));

        var next = await ImpactProcess.RunAsync(["ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--db", db],
            environment: credentials);
        Assert.That(next.ExitCode, Is.Zero, next.Error);
        Assert.That(next.Output, Does.Contain(": 0 read"),
            "the second run asks only for statements stored after the watermark");

        string[] fromMarch = ["ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--since", "2025-03-01", "--db", db];
        var again = await ImpactProcess.RunAsync(fromMarch, environment: credentials);
        Assert.That(again.ExitCode, Is.EqualTo(2), "the unmapped actor is rejected again: " + again.Error);
        Assert.That(again.Output, Does.Contain(": 5 read"), "six stored since March, one of them voided");

        var noKey = await ImpactProcess.RunAsync("ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--db", db);
        Assert.That(noKey.ExitCode, Is.EqualTo(1));
        Assert.That(noKey.Error, Does.Contain("refused the credentials (401)"));
    }
}
