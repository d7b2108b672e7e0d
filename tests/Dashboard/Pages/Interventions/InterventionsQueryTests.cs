using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using InterventionList = Impact.Dashboard.Pages.Interventions.IndexModel;
using InterventionPage = Impact.Dashboard.Pages.Interventions.DetailModel;

namespace Impact.Tests.Dashboard.Pages.Interventions;

/// <summary>The intervention list's and page's queries on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class InterventionsQueryTests(Engine engine) : PageQueryFixture(engine)
{
    [Test]
    public async Task Intervention_detail_reads_the_latest_succeeded_run_and_its_detail_json()
    {
        var data = (await InterventionPage.Query.RunAsync(Seeded, "coach", None))!;
        var pair = data.Pairs.Single();
        Assert.That(pair.Verdict, Is.EqualTo("improved"));
        Assert.That(pair.Unit, Is.EqualTo("%"));
        Assert.That(pair.Parsed.Estimate, Is.EqualTo(4.2));
        Assert.That(pair.Parsed.NaiveDifference, Is.EqualTo(9.8));
        Assert.That(pair.Parsed.EventStudy.Select(p => p.RelativePeriod), Is.EqualTo(new[] { -2, -1, 0, 1 }));
        var mandatory = (await InterventionPage.Query.RunAsync(Seeded, "mandatory", None))!.Pairs.Single();
        Assert.That(mandatory.Estimated, Is.False);
        Assert.That(mandatory.Reason, Is.EqualTo(DashboardSeed.InsufficientReason));
        Assert.That(mandatory.Parsed.Unreadable, Is.True);
    }

    [Test]
    public async Task Intervention_list_counts_people_who_completed_not_rows()
    {
        var data = await InterventionList.Query.RunAsync(Seeded, None);
        Assert.That(data.Interventions.Single(i => i.InterventionId == "coach").Completers, Is.EqualTo(2),
            "e1 twice, e2 once, e3 only enrolled");
        Assert.That(data.VerdictsOf["coach"].Select(v => v.Verdict), Is.EqualTo(new[] { "improved" }));
    }
}
