using Impact.Ingest.Db;
using Impact.Tests.Infrastructure;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Pipeline;

public sealed class MetricsIngestTests
{
    [Test]
    public async Task Engagement_metrics_are_refused_with_a_pointer_to_survey_ingest()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var s = await RunAsync(w, "metrics", File("""
            [{"id": "eng", "name": "Engagement", "direction": "higher_is_better", "owner": "HR", "level": "team", "kind": "engagement"},
             {"id": "aht", "name": "Handle time", "direction": "lower_is_better", "owner": "Ops", "level": "employee", "kind": "performance"}]
            """, ".json"));
        Assert.That((s.Stored, s.Rejected, s.ExitCode), Is.EqualTo((1L, 1L, 2)));
        Assert.That(s.FirstRejections[0].Reason, Does.Contain("impact ingest survey"));
        Assert.That(s.FirstRejections[0].Line, Is.EqualTo(1));
    }

    [Test]
    public async Task Metric_definitions_update_when_edited_and_stay_when_repeated()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await RunAsync(w, "metrics", File(Metrics, ".json"));
        var again = await RunAsync(w, "metrics", File(Metrics, ".json"));
        Assert.That(again.Unchanged, Is.EqualTo(2));
        var edited = await RunAsync(w, "metrics", File(Metrics.Replace("Head of Sales", "CFO"), ".json"));
        Assert.That((edited.Updated, edited.Unchanged), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public async Task Malformed_json_is_refused_with_its_line()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var s = await RunAsync(w, "metrics", File("[\n {\"id\": \"a\",\n \"name\": }\n]", ".json"));
        Assert.That(s.ExitCode, Is.EqualTo(1));
        Assert.That(s.Message, Does.Contain("line 3 is not valid JSON"));
    }
}
