using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using DataPage = Impact.Dashboard.Pages.Data.IndexModel;

namespace Impact.Tests.Dashboard.Pages.Data;

/// <summary>The data page's query on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class DataQueryTests(Engine engine) : PageQueryFixture(engine)
{
    [Test]
    public async Task Data_freshness_uses_the_last_stored_run_per_source_and_lists_rejections()
    {
        var data = await DataPage.Query.RunAsync(Seeded, null, None);
        var kpi = data.Sources.Single(s => s.Source == "kpi");
        Assert.That(kpi.LastSuccess!.Location, Is.EqualTo("/data/kpi.csv"),
            "a dry run stores nothing, so it is not freshness");
        Assert.That(kpi.LastSuccess.RowsRejected, Is.EqualTo(2));
        var completions = data.Sources.Single(s => s.Source == "completions");
        Assert.That(completions.LastSuccess, Is.Null);
        Assert.That(completions.LastAttemptFailed, Is.True);
        Assert.That(data.Recent, Has.Count.EqualTo(4));

        var withRejections = await DataPage.Query.RunAsync(Seeded, kpi.LastSuccess.RunId, None);
        Assert.That(withRejections.Rejections.Select(r => (r.Line, r.Field)),
            Is.EqualTo(new[] { ((long?)7, "value"), (12, "metric_id") }));
    }
}
