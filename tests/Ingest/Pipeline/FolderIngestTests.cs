using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Pipeline;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class FolderIngestTests(Engine engine)
{
    /// <summary>A small organisation in canonical files, written in an order that is not the dependency
    /// order.</summary>
    public static string Organisation()
    {
        var dir = TempFiles.NewFolder();
        NamedFile(dir, "survey.csv",
            "respondent_id,team_id,submitted_on,I feel valued\nE1,T1,2025-03-01,4\n,T1,2025-03-01,3\n");
        NamedFile(dir, "kpi.csv",
            "metric_id,subject_id,period_start,value\nsales,E1,2025-01-01,10\nsales,E2,2025-01-01,11\n" +
            "csat,T1,2025-01-01,4.1\n");
        NamedFile(dir, "completions.csv",
            "employee_id,intervention_id,completed_on,status,score\nE1,I1,2025-01-15,passed,90\n");
        NamedFile(dir, "metrics.json", MetricsJson);
        NamedFile(dir, "interventions.csv",
            "intervention_id,name,kind,cost_per_participant,currency\nI1,Negotiation,training,300,EUR\n");
        NamedFile(dir, "employees.csv", "employee_id,team_id,role\nE1,T1,Agent\nE2,T1,Agent\n");
        return dir;
    }

    [Test]
    public async Task A_folder_loads_in_dependency_order_with_one_summary_per_file()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var report = await FolderIngest.RunAsync(w, Organisation(), Quiet, CancellationToken.None);
        Assert.That(report.Summaries.Select(s => s.Source),
            Is.EqualTo(new[] { "employees", "interventions", "metrics", "completions", "kpi", "survey" }));
        Assert.That(report.ExitCode, Is.Zero, string.Join("\n", report.Summaries.Select(s => s.Describe())));
        Assert.That(report.Summaries.Select(s => (s.Read, s.Stored, s.Rejected)),
            Is.EqualTo(new[] { (2L, 2L, 0L), (1L, 1L, 0L), (2L, 2L, 0L), (1L, 1L, 0L), (3L, 3L, 0L), (2L, 2L, 0L) }));
        Assert.That(report.Summaries.SelectMany(s => s.Notes), Has.None.Contains("not in the warehouse"),
            "employees came first");
        Assert.That(await QueryAsync<string>(w, "SELECT kind FROM interventions"), Is.EqualTo(new[] { "training" }),
            "interventions came before completions");
    }

    [Test]
    public async Task A_folder_exits_with_its_worst_file()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var dir = Organisation();
        NamedFile(dir, "kpi.csv", "metric_id,subject_id,period_start,value\nsales,E1,2025-01-01,10\nsales,E1,nope,1\n");
        Assert.That((await FolderIngest.RunAsync(w, dir, Quiet, CancellationToken.None)).ExitCode, Is.EqualTo(2));
        NamedFile(dir, "survey.csv", "who,when\n");
        Assert.That((await FolderIngest.RunAsync(w, dir, Quiet, CancellationToken.None)).ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task The_sample_organisation_loads_cleanly()
    {
        // The sample organisation is committed (the README's quick start loads it): missing is a failure.
        Assert.That(Path.Combine(RepoPaths.DataSamples, "employees.csv"), Does.Exist);
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var report = await FolderIngest.RunAsync(w, RepoPaths.DataSamples, Quiet, CancellationToken.None);
        var described = string.Join("\n", report.Summaries.Select(s => s.Describe()));
        Assert.That(report.Summaries.Where(s => s.Rejected > 0).Select(s => s.Source), Is.Empty, described);
        Assert.That(report.ExitCode, Is.Zero, described);
        // Reproduces the organisation: every data line of each CSV is one stored row (the sample has no quoted
        // newlines).
        var csvs = report.Summaries.Where(s => s.Location.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        Assert.That(csvs.Select(s => s.Source),
            Is.EqualTo(new[] { "employees", "interventions", "completions", "kpi", "survey-items", "survey" }));
        foreach (var s in csvs)
        {
            var lines = System.IO.File.ReadLines(s.Location).Count(l => l.Length > 0) - 1;
            Assert.That(s.Stored, Is.EqualTo(lines), s.Describe());
        }
    }
}
