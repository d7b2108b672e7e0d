using Impact.Tests.Infrastructure;
using Impact.Tests.Ingest.Pipeline;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Jobs.Verbs;

/// <summary>The real `impact ingest` tool: exit codes 0 / 2 / 1 and what it prints.</summary>
public sealed class IngestCliTests
{
    [Test]
    public async Task Ingest_exits_0_when_all_stored_2_with_rejections_and_1_when_nothing_is_stored()
    {
        var db = "sqlite:" + TempFiles.NewPath(".db");
        Assert.That((await ImpactProcess.RunAsync("init", "--db", db)).ExitCode, Is.Zero);

        var ok = await ImpactProcess.RunAsync("ingest", "metrics", File(MetricsJson, ".json"), "--db", db);
        Assert.That(ok.ExitCode, Is.Zero, ok.Error);
        Assert.That(ok.Output, Does.Contain("2 read, 2 stored"));

        var some = await ImpactProcess.RunAsync("ingest", "kpi", File("metric_id,subject_id,period_start,value\nsales,E1,2025-01-01,1\nsales,E1,2025-01-01,x\n"), "--db", db);
        Assert.That(some.ExitCode, Is.EqualTo(2), some.Error);
        Assert.That(some.Output, Does.Contain("1 rejected").And.Contain("rejected line 3, value: 'x' is not a number."));

        var none = await ImpactProcess.RunAsync("ingest", "kpi", File("a;b\n1;2\n"), "--db", db);
        Assert.That(none.ExitCode, Is.EqualTo(1));
        Assert.That(none.Error, Does.Contain("nothing stored").And.Contain("lacks the required columns"));

        var dry = await ImpactProcess.RunAsync("ingest", "kpi", File("metric_id,subject_id,period_start,value\nsales,E2,2025-01-01,1\n"), "--dry-run", "--db", db);
        Assert.That((dry.ExitCode, dry.Output.Contains("dry run")), Is.EqualTo((0, true)));

        var history = await ImpactProcess.RunAsync("ingest", "history", "--source", "kpi", "--db", db);
        Assert.That(history.ExitCode, Is.Zero, history.Error);
        Assert.That(history.Output, Does.Contain("failed").And.Contain("partial").And.Contain("succeeded*"));
    }

    [Test]
    public async Task Ingest_folder_prints_a_summary_per_file()
    {
        var db = "sqlite:" + TempFiles.NewPath(".db");
        await ImpactProcess.RunAsync("init", "--db", db);
        var dir = FolderIngestTests.Organisation();
        NamedFile(dir, "identities.csv", "actor_key,employee_id\nmailto:e1@example.com,E1\n");
        var run = await ImpactProcess.RunAsync("ingest", "folder", dir, "--db", db);
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        foreach (var file in new[] { "employees.csv", "interventions.csv", "metrics.json", "completions.csv", "kpi.csv", "survey.csv" })
            Assert.That(run.Output, Does.Contain(file));
    }
}
