using System.Text.Json;
using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Tests.Models;
using Impact.Warehouse;

namespace Impact.Tests.Jobs.Verbs;

/// <summary>`impact sample` and `impact estimate` as a user runs them.</summary>
public sealed class EstimateCliTests
{
    static readonly string[] ReportedFields =
    [
        "intervention_id", "metric_id", "status", "verdict", "reason", "estimate", "std_error", "ci_low", "ci_high",
        "relative_effect",
        "n_treated", "n_control", "naive_difference", "did_estimate", "completion_rate", "pretrend_p", "method",
        "anticipation", "placebo_p",
        "effective_n_control", "robustness", "spec_low", "spec_high", "benefit_per_participant", "roi", "warnings",
        "event_study",
    ];

    static async Task<string> SampleDatabaseAsync()
    {
        var folder = TempFiles.NewFolder();
        var sample = await ImpactProcess.RunAsync("sample", "--out", folder, "--employees", "400", "--months", "18",
            "--seed", "3");
        Assert.That(sample.ExitCode, Is.Zero, sample.Error);
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "employees.csv", "interventions.csv", "metrics.json", "completions.csv", "kpi.csv",
                "survey_items.csv", "survey.csv", "truth.json" }));
        var path = TempFiles.NewPath(".db");
        var warehouse = Database.FromSetting("sqlite:" + path);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        await CanonicalIngest.LoadAsync(warehouse, folder);
        return path;
    }

    [Test]
    public async Task Estimate_json_prints_one_object_per_pair_with_the_issue_fields_and_stores_the_run()
    {
        var path = await SampleDatabaseAsync();
        var result = await ImpactProcess.RunAsync("estimate", "--db", "sqlite:" + path, "--json", "--metric", "sales",
            "--intervention", "sales_coaching", "--folds", "2");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var pair = json.RootElement.EnumerateArray().Single();
        foreach (var field in ReportedFields) Assert.That(pair.TryGetProperty(field, out _), Is.True, field);
        Assert.That(pair.GetProperty("verdict").GetString(), Is.EqualTo("improved"),
            pair.GetProperty("reason").GetString());
        // The event study spans the default window, no more: 6 baseline periods, moved back by any anticipation
        // and by the period a completion fell in the middle of, then the 3 periods from completion (0, 1, 2).
        var anticipation = pair.GetProperty("anticipation").GetInt32();
        var periods = pair.GetProperty("event_study").EnumerateArray()
            .Select(p => p.GetProperty("relative_period").GetInt32()).ToList();
        Assert.That(periods, Is.Ordered.And.Unique.And.All.InRange(-(6 + anticipation + 1), 2),
            $"anticipation {anticipation}");
        Assert.That(periods, Has.Count.GreaterThan(3).And.Member(-1).And.Member(0).And.Member(2));

        await using var db = await Database.FromSetting("sqlite:" + path).OpenAsync(CancellationToken.None);
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM estimate_runs WHERE status = 'succeeded'"),
            Is.EqualTo(1));
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM estimate_results"), Is.EqualTo(1));
    }

    [Test]
    public async Task Estimate_refuses_an_engagement_survey_measure_as_the_outcome_in_one_sentence()
    {
        var path = await SampleDatabaseAsync();
        var result = await ImpactProcess.RunAsync("estimate", "--db", "sqlite:" + path, "--metric", "enps");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("engagement survey measure, not a performance metric"));
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1), result.Error);
    }

    [Test]
    public async Task Sample_refuses_too_few_months_with_one_sentence()
    {
        var result = await ImpactProcess.RunAsync("sample", "--out", TempFiles.NewFolder(), "--months", "5");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("--months must be at least 12"));
    }

    [Test]
    public async Task A_kpi_dated_9999_already_stored_is_left_out_and_reported_instead_of_crashing_every_estimate()
    {
        var path = await SampleDatabaseAsync();
        await using (var db = await Database.FromSetting("sqlite:" + path).OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("""
                INSERT INTO kpi_observations (metric_id, subject_id, period_start, value)
                VALUES ('sales', 'E00001', '9999-12-31', 5);
                INSERT INTO completions (employee_id, intervention_id, completed_on, status, source)
                VALUES ('E00002', 'sales_coaching', '0001-01-01', 'completed', 'csv');
                """); // as a version before the date window stored them

        var result = await ImpactProcess.RunAsync("estimate", "--db", "sqlite:" + path, "--metric", "sales",
            "--intervention", "sales_coaching", "--folds", "2");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Error, Does.Contain("left out: 1 completions with a date outside 1900-01-01 to"));
        Assert.That(result.Error, Does.Contain("left out: 1 observations of sales (1 subject(s)) dated outside"));
        Assert.That(result.Output, Does.Contain("sales_coaching").And.Contain("Stored as estimate run"));
        await using var check = await Database.FromSetting("sqlite:" + path).OpenAsync(CancellationToken.None);
        var message = await check.ExecuteScalarAsync<string>(
            "SELECT message FROM estimate_runs WHERE status = 'succeeded'");
        Assert.That(message,
            Does.Contain("were left out"));
    }
}
