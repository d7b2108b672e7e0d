using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Tests.Infrastructure;
using Impact.Tests.Models;
using Impact.Warehouse;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>
/// The sample organisation as a user gets it, built once for every test in this folder: <c>impact sample</c>
/// (the real tool, a small organisation), the folder ingest, then two estimate runs with <c>impact estimate
/// --json</c> (one metric first, then everything), whose printed JSON is what the pages' figures must equal;
/// and the dashboard on that warehouse, signed in with every role, which reads every page between the two runs
/// (its caches then hold the first run's figures). NUnit tears it down after the last test of this namespace.
/// </summary>
[SetUpFixture]
public sealed class SampleOrganisation
{
    /// <summary>The metric the first, smaller run estimates (the run comparison shows pairs in one run only).
    /// </summary>
    public const string FirstRunMetric = "sales";

    // Lazy, not a nullable Task field: a Task is disposable, and the analyzers would have the field disposed.
    static readonly Lazy<Task<Built>> Organisation = new(CreateAsync);

    public sealed record Built(Database Warehouse, DashboardApp App, HttpClient Client,
        IReadOnlyList<PairResult> Latest, long LatestRun, IReadOnlyList<PairResult> Earlier, long EarlierRun)
    {
        public async Task<string> HtmlAsync(string url)
        {
            using var response = await Client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(200), $"{url}: {body[..Math.Min(400, body.Length)]}");
            return body;
        }

        public PairResult Pair(string intervention, string metric) =>
            Latest.Single(p => p.InterventionId == intervention && p.MetricId == metric);

        public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
        {
            await using var db = await Warehouse.OpenAsync(CancellationToken.None);
            return (await db.QueryAsync<T>(sql, parameters)).ToList();
        }
    }

    public static Task<Built> BuildAsync() => Organisation.Value;

    static async Task<Built> CreateAsync()
    {
        var clock = Stopwatch.StartNew();
        var folder = TempFiles.NewFolder();
        // 180 people: the fewest for which the high performers' classifier has its 160 (four quartiles of 40).
        var sample = await ImpactProcess.RunAsync("sample", "--out", folder, "--employees", "180", "--months", "12",
            "--seed", "3");
        Assert.That(sample.ExitCode, Is.Zero, sample.Error);
        // The sample's teams are all large; a team of three anonymous respondents in one wave gives the pages
        // a group to hide, and (three being under the minimum on its own) a second, visible team to hide with it.
        await File.AppendAllLinesAsync(Path.Combine(folder, "survey.csv"), SmallTeamSurvey);
        var setting = "sqlite:" + TempFiles.NewPath(".db");
        var warehouse = Database.FromSetting(setting);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        await CanonicalIngest.LoadAsync(warehouse, folder);
        var ingested = clock.Elapsed;

        var earlier = await EstimateAsync(setting, "--metric", FirstRunMetric);
        var earlierRun = await LatestRunAsync(warehouse);
        var app = new DashboardApp(setting);
        var client = await app.ClientAsync(Impact.Warehouse.Accounts.Roles.All.Select(r => r.Name).ToArray());
        var organised = new Built(warehouse, app, client, earlier, earlierRun, earlier, earlierRun);
        // Every page read once before the second run, so that a page still showing what its cache kept from
        // the first run is caught by the comparisons with the second.
        foreach (var page in await PagesAsync(warehouse)) await organised.HtmlAsync(page);
        var warmed = clock.Elapsed;

        var latest = await EstimateAsync(setting);
        var latestRun = await LatestRunAsync(warehouse);
        TestContext.Progress.WriteLine($"Sample organisation for the page numbers: sample and ingest " +
            $"{ingested.TotalSeconds:0.0} s, first estimate run, app and every page read " +
            $"{(warmed - ingested).TotalSeconds:0.0} s, second run {(clock.Elapsed - warmed).TotalSeconds:0.0} s; " +
            $"{latest.Count} " +
            $"pairs in run {latestRun}, {earlier.Count} in run {earlierRun}");
        return organised with { Latest = latest, LatestRun = latestRun };
    }

    static async Task<IReadOnlyList<string>> PagesAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var interventions = await db.QueryAsync<string>("SELECT intervention_id FROM interventions");
        var metrics = await db.QueryAsync<string>("SELECT metric_id FROM metrics");
        return ["/", "/Interventions", "/Runs", "/Data", "/Engagement", "/Engagement/Summary",
            .. interventions.Select(i => "/Interventions/" + Uri.EscapeDataString(i)),
            .. metrics.Select(m => "/Metrics/" + Uri.EscapeDataString(m))];
    }

    public const string SmallTeam = "T900";

    // respondent_id,team_id,submitted_on,feel_valued,workload_manageable,manager_support,growth_opportunities,
    // intend_to_stay,enps (the sample's columns)
    static readonly string[] SmallTeamSurvey =
    [
        $",{SmallTeam},2024-06-11,2,3,2,1,2,3", $",{SmallTeam},2024-06-11,4,4,5,3,4,9",
        $",{SmallTeam},2024-06-12,3,2,3,3,3,6",
    ];

    // The real tool with fewer cross-fitting folds than its default, to keep the fixture to seconds.
    static async Task<IReadOnlyList<PairResult>> EstimateAsync(string setting, params string[] only)
    {
        var run = await ImpactProcess.RunAsync(["estimate", "--db", setting, "--json", "--folds", "2", .. only]);
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        return JsonSerializer.Deserialize<List<PairResult>>(run.Output, EstimateRunTables.Json)!;
    }

    static async Task<long> LatestRunAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>("SELECT MAX(run_id) FROM estimate_runs WHERE status = 'succeeded'");
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        if (Organisation is { IsValueCreated: true, Value.IsCompletedSuccessfully: true })
            await Organisation.Value.Result.App.DisposeAsync();
    }
}
