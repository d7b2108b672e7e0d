using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Metrics;

public sealed class MetricsIngestTests
{
    [Test]
    public async Task Engagement_metrics_are_refused_with_a_pointer_to_survey_ingest()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var s = await RunAsync(w, "metrics", File("""
            [{"id": "eng", "name": "Engagement", "direction": "higher_is_better", "owner": "HR", "level": "team",
              "kind": "engagement"},
             {"id": "aht", "name": "Handle time", "direction": "lower_is_better", "owner": "Ops", "level": "employee",
              "kind": "performance"}]
            """, ".json"));
        Assert.That((s.Stored, s.Rejected, s.ExitCode), Is.EqualTo((1L, 1L, 2)));
        Assert.That(s.FirstRejections[0].Reason, Does.Contain("impact ingest survey"));
        Assert.That(s.FirstRejections[0].Line, Is.EqualTo(1));
    }

    [Test]
    public async Task Metric_definitions_update_when_edited_and_stay_when_repeated()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await RunAsync(w, "metrics", File(MetricsJson, ".json"));
        var again = await RunAsync(w, "metrics", File(MetricsJson, ".json"));
        Assert.That(again.Unchanged, Is.EqualTo(2));
        var edited = await RunAsync(w, "metrics", File(MetricsJson.Replace("Head of Sales", "CFO"), ".json"));
        Assert.That((edited.Updated, edited.Unchanged), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public async Task A_json_file_with_binary_junk_or_the_wrong_shape_is_refused()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var path = Impact.Tests.Infrastructure.TempFiles.NewPath(".json");
        await System.IO.File.WriteAllBytesAsync(path, [.. "[{\"id\": \""u8.ToArray(), 0x00, 0xFF,
            .. "\"}]"u8.ToArray()]);
        Assert.That((await RunAsync(w, "metrics", path)).Message, Does.Contain("contains binary data"));
        var shape = await RunAsync(w, "metrics", File("{\"id\": \"a\"}", ".json"));
        Assert.That(shape.Message, Does.Contain("must hold a JSON array"));
    }

    [Test]
    public async Task Malformed_json_is_refused_with_its_line()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var s = await RunAsync(w, "metrics", File("[\n {\"id\": \"a\",\n \"name\": }\n]", ".json"));
        Assert.That(s.ExitCode, Is.EqualTo(1));
        Assert.That(s.Message, Does.Contain("line 3 is not valid JSON"));
    }

    [Test]
    public async Task The_smallest_meaningful_change_is_stored_and_must_be_a_positive_number()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var s = await RunAsync(w, "metrics", File("""
            [{"id": "aht", "name": "Handle time", "unit": "minutes", "direction": "lower_is_better", "owner": "Ops",
              "level": "employee", "smallest_meaningful_change": 0.2},
             {"id": "fcr", "name": "First contact resolution", "direction": "higher_is_better", "owner": "Ops",
              "level": "employee", "smallest_meaningful_change": -1},
             {"id": "csat", "name": "CSAT", "direction": "higher_is_better", "owner": "CX", "level": "employee",
              "smallest_meaningful_change": "a lot"}]
            """, ".json"));

        Assert.That((s.Stored, s.Rejected), Is.EqualTo((1L, 2L)));
        Assert.That(s.FirstRejections.Select(r => (r.Line, r.Field)), Is.EqualTo(new[]
        {
            (3L, "smallest_meaningful_change"), (5L, "smallest_meaningful_change"),
        }));
        Assert.That(s.FirstRejections[0].Reason, Does.Contain("positive number in the metric's units"));
        var metric = (await Impact.Models.Panels.WarehouseReader.MetricsAsync(w, CancellationToken.None)).Single();
        Assert.That(metric.SmallestMeaningfulChange, Is.EqualTo(0.2));
    }
}
