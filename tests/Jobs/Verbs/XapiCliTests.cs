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
        Assert.That(file.Output, Does.Contain("6 read, 5 stored").And.Contain("is not in the identity map").And.Contain("4 completions stored or updated from statements, 1 removed by voiding"));

        var neither = await ImpactProcess.RunAsync("ingest", "xapi", "--db", db);
        Assert.That((neither.ExitCode, neither.Error.Trim()), Is.EqualTo((1, "impact: Give either a statements file or --lrs <base-url>, not both or neither.")));

        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        var credentials = new Dictionary<string, string?> { [LrsOptions.KeyVariable] = FakeLrs.Key, [LrsOptions.SecretVariable] = FakeLrs.Secret };
        var first = await ImpactProcess.RunAsync(["ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--db", db], environment: credentials);
        Assert.That(first.ExitCode, Is.EqualTo(2), first.Error);
        Assert.That(first.Output, Does.Contain("23 read, 0 stored, 0 updated, 5 unchanged, 18 rejected").And.Contain("next run asks for statements stored after 2025-03-09"));

        var next = await ImpactProcess.RunAsync(["ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--db", db], environment: credentials);
        Assert.That(next.ExitCode, Is.Zero, next.Error);
        Assert.That(next.Output, Does.Contain(": 0 read"), "the second run asks only for statements stored after the watermark");

        var again = await ImpactProcess.RunAsync(["ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--since", "2025-03-01", "--db", db], environment: credentials);
        Assert.That(again.Output, Does.Contain(": 6 read"), again.Error);

        var noKey = await ImpactProcess.RunAsync("ingest", "xapi", "--lrs", lrs.BaseUrl.AbsoluteUri, "--db", db);
        Assert.That(noKey.ExitCode, Is.EqualTo(1));
        Assert.That(noKey.Error, Does.Contain("refused the credentials (401)"));
    }
}
