using System.Text.Json;
using Impact.Dashboard.Exports;
using Impact.Dashboard.Jobs;
using Impact.Tests.Dashboard.Exports;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Jobs.Verbs;

/// <summary>An export as a schedule of its own (`impact jobs add NAME --source export`), on the SQLite default.
/// </summary>
public sealed class ExportScheduleCliTests
{
    static async Task<(string Folder, Dictionary<string, string?> Env, Database Warehouse)> WarehouseAsync(bool seeded)
    {
        var folder = TempFiles.NewFolder();
        var warehouse = Database.FromSetting("sqlite:" + Path.Combine(folder, "impact.db"));
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        if (seeded) await ExportSeed.SeedAsync(warehouse);
        return (folder, new Dictionary<string, string?>
        {
            [DatabaseTarget.EnvironmentVariable] = "sqlite:" + Path.Combine(folder, "impact.db"),
        }, warehouse);
    }

    static async Task<List<JobRunRecord>> HistoryAsync(string folder, Dictionary<string, string?> env, string name)
    {
        var history = await ImpactProcess.RunAsync(["jobs", "history", name, "--json"], folder, env);
        return JsonSerializer.Deserialize<List<JobRunRecord>>(history.Output, Impact.Jobs.Verbs.JobsVerb.JsonOptions)!;
    }

    [Test]
    public async Task An_export_schedule_writes_and_mails_the_pack_of_the_newest_run_and_is_listed_and_in_history()
    {
        var (folder, env, warehouse) = await WarehouseAsync(seeded: true);
        await ExportRuns.AddRecipientAsync(warehouse, Impact.Tests.Dashboard.DashboardSeed.ServiceOwner,
            "head.service@example.com", CancellationToken.None);
        await using var smtp = LoopbackSmtp.Start();
        env["IMPACT_SMTP_HOST"] = "127.0.0.1";
        env["IMPACT_SMTP_PORT"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["IMPACT_SMTP_TLS"] = "none";
        var add = await ImpactProcess.RunAsync(["jobs", "add", "weekly-pack", "--source", "export", "--cron",
            "0 7 * * MON", "--out", "packs", "--format", "csv,html,pptx", "--email"], folder, env);
        Assert.That(add.ExitCode, Is.Zero, add.Error);
        Assert.That(add.Output, Does.Contain("export to " + Path.Combine(folder, "packs")));
        var list = await ImpactProcess.RunAsync(["jobs", "list"], folder, env);
        Assert.That(list.Output, Does.Contain("weekly-pack").And.Contain("e-mail to the owners' recipients"));

        var trigger = await ImpactProcess.RunAsync(["jobs", "trigger", "weekly-pack"], folder, env);
        Assert.That(trigger.ExitCode, Is.Zero, trigger.Output + trigger.Error);
        var pack = Path.Combine(folder, "packs", "run-2");
        Assert.That(File.Exists(Path.Combine(pack, "brief.html")), "the brief of the newest succeeded run (2)");
        Assert.That(File.Exists(Path.Combine(pack, "impact.pptx")));
        Assert.That(Directory.GetFiles(pack, "*.png"), Is.Empty, "only the formats asked for");
        Assert.That(smtp.Messages.Select(m => m.Recipients[0]), Is.EqualTo(new[] { "head.service@example.com" }));
        var history = await HistoryAsync(folder, env, "weekly-pack");
        Assert.That(history.Select(h => (h.Step, h.Outcome)), Is.EqualTo(new[]
        {
            (JobStep.Export, JobOutcome.Succeeded),
        }));
        Assert.That(history[0].Message, Does.Contain(pack).And.Contain("e-mailed to head.service@example.com"));
        Assert.That(history[0].EstimateRunId, Is.EqualTo(2));
    }

    [Test]
    public async Task An_export_schedule_with_no_succeeded_run_fails_once_and_says_so()
    {
        var (folder, env, _) = await WarehouseAsync(seeded: false);
        var add = await ImpactProcess.RunAsync(["jobs", "add", "pack", "--source", "export", "--cron", "0 7 * * 1",
            "--out", "packs"], folder, env);
        Assert.That(add.ExitCode, Is.Zero, add.Error);

        var trigger = await ImpactProcess.RunAsync(["jobs", "trigger", "pack"], folder, env);
        Assert.That(trigger.ExitCode, Is.Not.Zero);
        var history = await HistoryAsync(folder, env, "pack");
        Assert.That(history.Select(h => (h.Step, h.Outcome)), Is.EqualTo(new[]
        {
            (JobStep.Export, JobOutcome.Failed),
        }), "not retried");
        Assert.That(history[0].Message, Does.StartWith("No estimate run has succeeded yet"));
        Assert.That(Directory.Exists(Path.Combine(folder, "packs")), Is.False);
    }

    [Test]
    public async Task Export_flags_out_of_place_are_refused_in_one_sentence_and_nothing_is_saved()
    {
        var (folder, env, _) = await WarehouseAsync(seeded: false);
        string[][] bad =
        [
            ["--source", "export", "--cron", "0 7 * * 1"],
            ["--source", "export", "--cron", "0 7 * * 1", "--out", "packs", "--format", "docx"],
            ["--source", "export", "--cron", "0 7 * * 1", "--path", "packs"],
            ["--source", "export", "--cron", "0 7 * * 1", "--out", "packs", "--then", "estimate"],
            ["--source", "kpi", "--cron", "0 7 * * 1", "--out", "packs"],
        ];
        foreach (var args in bad)
        {
            var result = await ImpactProcess.RunAsync(["jobs", "add", "pack", .. args], folder, env);
            Assert.That(result.ExitCode, Is.EqualTo(1), string.Join(' ', args));
            Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1), result.Error);
        }
        var list = await ImpactProcess.RunAsync(["jobs", "list", "--json"], folder, env);
        Assert.That(list.Output.Trim(), Is.EqualTo("[]"));
    }
}
