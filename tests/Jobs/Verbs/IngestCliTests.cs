using Impact.Tests.Infrastructure;
using Impact.Tests.Ingest.Pipeline;
using Impact.Warehouse;
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

        var some = await ImpactProcess.RunAsync("ingest", "kpi",
            File("metric_id,subject_id,period_start,value\nsales,E1,2025-01-01,1\nsales,E1,2025-01-01,x\n"),
            "--db", db);
        Assert.That(some.ExitCode, Is.EqualTo(2), some.Error);
        Assert.That(some.Output,
            Does.Contain("1 rejected").And.Contain("rejected line 3, value: 'x' is not a number."));

        var none = await ImpactProcess.RunAsync("ingest", "kpi", File("a;b\n1;2\n"), "--db", db);
        Assert.That(none.ExitCode, Is.EqualTo(1));
        Assert.That(none.Error, Does.Contain("nothing stored").And.Contain("lacks the required columns"));

        var before = await KpisAsync(db);
        var newRow = File("metric_id,subject_id,period_start,value\nsales,E2,2025-01-01,1\n");
        var dry = await ImpactProcess.RunAsync("ingest", "kpi", newRow, "--dry-run", "--db", db);
        Assert.That(dry.ExitCode, Is.Zero, dry.Error);
        Assert.That(dry.Output, Does.Contain("1 read, 1 stored").And.Contain("(dry run: nothing was stored)"));
        Assert.That(await KpisAsync(db), Is.EqualTo(before).And.Count.EqualTo(1), "only the row stored before");

        var history = await ImpactProcess.RunAsync("ingest", "history", "--source", "kpi", "--db", db);
        Assert.That(history.ExitCode, Is.Zero, history.Error);
        Assert.That(history.Output, Does.Contain("failed").And.Contain("partial").And.Contain("succeeded*"));
    }

    static async Task<List<(string Metric, string Subject, double Value)>> KpisAsync(string db) =>
        await QueryAsync<(string, string, double)>(Database.FromSetting(db),
            "SELECT metric_id, subject_id, value FROM kpi_observations ORDER BY metric_id, subject_id");

    [Test]
    public async Task Ingest_folder_prints_a_summary_per_file_in_dependency_order()
    {
        var db = "sqlite:" + TempFiles.NewPath(".db");
        var init = await ImpactProcess.RunAsync("init", "--db", db);
        Assert.That(init.ExitCode, Is.Zero, init.Error);
        var dir = FolderIngestTests.Organisation();
        NamedFile(dir, "identities.csv", "actor_key,employee_id\nmailto:e1@example.com,E1\n");
        var run = await ImpactProcess.RunAsync("ingest", "folder", dir, "--db", db);
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output.Trim().Split('\n'), Is.EqualTo(new[]
        {
            "employees employees.csv: 2 read, 2 stored, 0 updated, 0 unchanged, 0 rejected.",
            "interventions interventions.csv: 1 read, 1 stored, 0 updated, 0 unchanged, 0 rejected.",
            "metrics metrics.json: 2 read, 2 stored, 0 updated, 0 unchanged, 0 rejected.",
            "identities identities.csv: 1 read, 1 stored, 0 updated, 0 unchanged, 0 rejected.",
            "completions completions.csv: 1 read, 1 stored, 0 updated, 0 unchanged, 0 rejected.",
            "kpi kpi.csv: 3 read, 3 stored, 0 updated, 0 unchanged, 0 rejected.",
            "survey survey.csv: 2 read, 2 stored, 0 updated, 0 unchanged, 0 rejected.",
        }));
    }
}
