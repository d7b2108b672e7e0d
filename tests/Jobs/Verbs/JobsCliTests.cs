using Impact.Dashboard.Jobs;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Jobs.Verbs;

/// <summary>`impact jobs` and `impact worker` as a user runs them, on the SQLite default.</summary>
public sealed class JobsCliTests
{
    static async Task<(string Folder, Dictionary<string, string?> Env)> SampleWarehouseAsync()
    {
        var folder = TempFiles.NewFolder();
        var env = new Dictionary<string, string?>
        {
            [DatabaseTarget.EnvironmentVariable] = "sqlite:" + Path.Combine(folder, "impact.db"),
            ["Impact__Jobs__DropStableSeconds"] = "0",
        };
        var base_ = Path.Combine(folder, "base");
        Directory.CreateDirectory(base_);
        foreach (var file in new[] { "employees.csv", "interventions.csv", "metrics.json" })
            File.Copy(Path.Combine(RepoPaths.Root, "data-samples", file), Path.Combine(base_, file));
        Assert.That((await ImpactProcess.RunAsync(["init"], folder, env)).ExitCode, Is.Zero);
        var load = await ImpactProcess.RunAsync(["ingest", "folder", base_], folder, env);
        Assert.That(load.ExitCode, Is.Zero, load.Error);
        return (folder, env);
    }

    [Test]
    public async Task Bad_schedules_exit_1_with_one_sentence_and_nothing_is_saved()
    {
        var (folder, env) = await SampleWarehouseAsync();
        string[][] bad =
        [
            ["--source", "kpi", "--path", "base/employees.csv", "--cron", "0 25 * * *"],
            ["--source", "kpi", "--path", "base/employees.csv", "--cron", "0 6 * * 1", "--time-zone", "Mars/Base"],
            ["--source", "kpi", "--path", "nowhere.csv", "--cron", "0 6 * * 1"],
            ["--source", "lms", "--path", "base/employees.csv", "--cron", "0 6 * * 1"],
        ];
        foreach (var args in bad)
        {
            var result = await ImpactProcess.RunAsync(["jobs", "add", "feed", .. args], folder, env);
            Assert.That(result.ExitCode, Is.EqualTo(1), string.Join(' ', args));
            Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1), result.Error);
        }
        var list = await ImpactProcess.RunAsync(["jobs", "list", "--json"], folder, env);
        Assert.That(list.Output.Trim(), Is.EqualTo("[]"));
    }

    [Test]
    public async Task A_drop_folder_ingests_each_file_once_moves_it_with_its_report_and_a_bad_file_is_not_retried()
    {
        var (folder, env) = await SampleWarehouseAsync();
        var drop = Directory.CreateDirectory(Path.Combine(folder, "drop")).FullName;
        var kpi = File.ReadLines(Path.Combine(RepoPaths.Root, "data-samples", "kpi.csv")).Take(101).ToList();
        await File.WriteAllLinesAsync(Path.Combine(drop, "kpi-march.csv"), [.. kpi, "csat,E00001,not-a-date,3"]);
        await File.WriteAllBytesAsync(Path.Combine(drop, "kpi-broken.csv"), [0x00, 0x01, 0x02]);
        var add = await ImpactProcess.RunAsync(["jobs", "add", "drops", "--source", "drop-folder", "--path", "drop",
            "--cron", "* * * * *", "--then", "none"], folder, env);
        Assert.That(add.ExitCode, Is.Zero, add.Error);

        var trigger = await ImpactProcess.RunAsync(["jobs", "trigger", "drops"], folder, env);
        Assert.That(trigger.ExitCode, Is.EqualTo(1), trigger.Output + trigger.Error);
        Assert.That(trigger.Output, Does.Match(@"as job \S+ in this process"));
        Assert.That(Directory.GetFiles(drop), Is.Empty, "every file moved");
        Assert.That(File.Exists(Path.Combine(drop, "processed", "kpi-march.csv")));
        Assert.That(File.ReadAllText(Path.Combine(drop, "processed", "kpi-march.csv.rejects.csv")),
            Does.StartWith("line,field,reason").And.Contain("102,"));
        Assert.That(File.Exists(Path.Combine(drop, "failed", "kpi-broken.csv")));
        Assert.That(File.ReadAllText(Path.Combine(drop, "failed", "kpi-broken.csv.rejects.csv")),
            Does.Contain("not a text file"));

        var again = await ImpactProcess.RunAsync(["jobs", "trigger", "drops"], folder, env);
        Assert.That(again.ExitCode, Is.Zero, "an empty drop folder is a quiet success, left out of the history");
        var history = await ImpactProcess.RunAsync(["jobs", "history", "drops", "--json"], folder, env);
        var runs = System.Text.Json.JsonSerializer.Deserialize<List<JobRunRecord>>(history.Output,
            Impact.Jobs.Verbs.JobsVerb.JsonOptions)!;
        Assert.That(runs.Select(r => (r.Step, r.Outcome, r.Attempt)), Is.EqualTo(new[]
        {
            (JobStep.Ingest, JobOutcome.Failed, 1L),
        }), "the bad file's run is not retried");
        Assert.That(runs[0].RowsStored, Is.EqualTo(100));
        Assert.That(runs[0].RowsRejected, Is.EqualTo(1));
        Assert.That(runs[0].Message, Does.Contain("kpi-broken.csv"));
    }

    [Test]
    public async Task A_feed_then_export_writes_the_executive_pack_of_the_estimate_run_it_made()
    {
        var (folder, env) = await SampleWarehouseAsync();
        var kpi = File.ReadLines(Path.Combine(RepoPaths.Root, "data-samples", "kpi.csv")).Take(2001);
        await File.WriteAllLinesAsync(Path.Combine(folder, "kpi.csv"), kpi);
        var add = await ImpactProcess.RunAsync(["jobs", "add", "weekly", "--source", "kpi", "--path", "kpi.csv",
            "--cron", "0 6 * * 1", "--then", "export"], folder, env);
        Assert.That(add.ExitCode, Is.Zero, add.Error);

        var trigger = await ImpactProcess.RunAsync(["jobs", "trigger", "weekly"], folder, env);
        Assert.That(trigger.ExitCode, Is.Zero, trigger.Output + trigger.Error);
        var history = await ImpactProcess.RunAsync(["jobs", "history", "weekly", "--json"], folder, env);
        var runs = System.Text.Json.JsonSerializer.Deserialize<List<JobRunRecord>>(history.Output,
            Impact.Jobs.Verbs.JobsVerb.JsonOptions)!;
        Assert.That(runs.Select(r => (r.Step, r.Outcome)).Order(), Is.EqualTo(new[]
        {
            (JobStep.Estimate, JobOutcome.Succeeded), (JobStep.Estimate, JobOutcome.Succeeded),
            (JobStep.Export, JobOutcome.Succeeded), (JobStep.Ingest, JobOutcome.Succeeded),
        }), history.Output);
        var pack = Directory.GetDirectories(Path.Combine(folder, "exports", "weekly"));
        Assert.That(pack, Has.Length.EqualTo(1), "one pack, for the one estimate run");
        Assert.That(Path.GetFileName(pack[0]), Does.StartWith("run-"));
        Assert.That(File.Exists(Path.Combine(pack[0], "brief.html")), "the brief");
        Assert.That(File.Exists(Path.Combine(pack[0], "impact.pptx")), "the deck");
        Assert.That(runs.Single(r => r.Step == JobStep.Export).Message, Does.Contain(pack[0]));
    }

    [Test]
    public async Task A_worker_refuses_a_sqlite_warehouse_with_one_sentence()
    {
        var result = await ImpactProcess.RunAsync(["worker", "--db", "sqlite:" + TempFiles.NewPath(".db")]);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("needs a PostgreSQL or SQL Server warehouse"));
    }
}
