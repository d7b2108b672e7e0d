using System.Text.Json;
using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Tests.Models;
using Impact.Warehouse;

namespace Impact.Tests.Jobs.Verbs;

/// <summary>`impact sample` and `impact estimate` as a user runs them.</summary>
public sealed class EstimateCliTests
{
    static readonly string[] IssueFields =
    [
        "intervention_id", "metric_id", "status", "verdict", "reason", "estimate", "std_error", "ci_low", "ci_high", "relative_effect",
        "n_treated", "n_control", "naive_difference", "did_estimate", "completion_rate", "pretrend_p", "method", "anticipation", "placebo_p",
        "effective_n_control", "robustness", "spec_low", "spec_high", "benefit_per_participant", "roi", "warnings", "event_study",
    ];

    static async Task<string> SampleDatabaseAsync()
    {
        var folder = TempFiles.NewFolder();
        var sample = await ImpactProcess.RunAsync("sample", "--out", folder, "--employees", "400", "--months", "18", "--seed", "3");
        Assert.That(sample.ExitCode, Is.Zero, sample.Error);
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "employees.csv", "interventions.csv", "metrics.json", "completions.csv", "kpi.csv", "survey.csv", "truth.json" }));
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
        var result = await ImpactProcess.RunAsync("estimate", "--db", "sqlite:" + path, "--json", "--metric", "sales", "--intervention", "sales_coaching", "--folds", "2");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var pair = json.RootElement.EnumerateArray().Single();
        foreach (var field in IssueFields) Assert.That(pair.TryGetProperty(field, out _), Is.True, field);
        Assert.That(pair.GetProperty("verdict").GetString(), Is.EqualTo("improved"), pair.GetProperty("reason").GetString());
        Assert.That(pair.GetProperty("event_study").GetArrayLength(), Is.GreaterThan(3));

        await using var db = await Database.FromSetting("sqlite:" + path).OpenAsync(CancellationToken.None);
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM estimate_runs WHERE status = 'succeeded'"), Is.EqualTo(1));
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
}
