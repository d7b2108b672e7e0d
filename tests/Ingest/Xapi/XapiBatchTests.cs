using System.Text;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Xapi;

/// <summary>
/// Thousands of statements of one person, course and day (a hostile but real shape: a module that sends a
/// statement per page) make one completion, recomputed once per batch, with the same answer as one by one.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class XapiBatchTests(Engine engine)
{
    const string Course = "https://lms.example.com/course/sales-101";

    static string Statement(Guid id, string verb, string time) => $$"""
        {"id": "{{id}}", "actor": {"mbox": "mailto:ana.lopez@example.com"},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/{{verb}}"}, "object": {"id": "{{Course}}"},
         "timestamp": "{{time}}"}
        """;

    [Test]
    public async Task Three_thousand_statements_of_a_day_make_its_strongest_completion_and_voiding_that_falls_back()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        await RunAsync(w, "identities", File(XapiIngestTests.Identities));
        var passed = Guid.NewGuid();
        var text = new StringBuilder("[");
        for (var i = 0; i < 3_000; i++)
        {
            var (id, verb) = i == 1_500 ? (passed, "passed")
                : i == 2_900 ? (Guid.NewGuid(), "completed")
                : (Guid.NewGuid(), "experienced");
            var time = $"2025-03-04T{8 + i / 600:00}:{i / 10 % 60:00}:{i % 10:00}Z";
            text.Append(i == 0 ? "" : ",\n").Append(Statement(id, verb, time));
        }
        var file = File(text.Append(']').ToString(), ".json");
        var load = await RunAsync(w, "xapi", file, Quiet with { BatchSize = 1_000 });

        Assert.That((load.Stored, load.ExitCode), Is.EqualTo((3_000L, 0)), load.Describe());
        Assert.That(await QueryAsync<string>(w, "SELECT status FROM completions"), Is.EqualTo(new[] { "passed" }));

        var voiding = $$"""
            [{"id": "{{Guid.NewGuid()}}", "actor": {"mbox": "mailto:admin@example.com"},
              "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
              "object": {"objectType": "StatementRef", "id": "{{passed}}"}, "timestamp": "2025-03-05T00:00:00Z"}]
            """;
        var voided = await RunAsync(w, "xapi", File(voiding, ".json"));

        Assert.That(voided.Notes, Has.Some.Contain("1 statements voided"));
        Assert.That(await QueryAsync<string>(w, "SELECT status FROM completions"), Is.EqualTo(new[] { "completed" }),
            "the next best statement of the day stands");
    }
}
