using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using EngagementPage = Impact.Dashboard.Pages.Engagement.IndexModel;

namespace Impact.Tests.Dashboard.Pages.Engagement;

/// <summary>The engagement page's query on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class EngagementQueryTests(Engine engine) : PageQueryFixture(engine)
{
    [Test]
    public async Task Engagement_hides_groups_below_the_minimum_and_computes_enps()
    {
        var survey = (await EngagementPage.Query.RunAsync(Seeded, GroupSizeRule.Of(5), None)).Surveys.Single();
        var t1 = survey.Groups.Single(g => g.TeamId == "T1");
        Assert.That(t1.Hidden, Is.False);
        Assert.That(t1.Enps, Is.Null,
            "only T1 and T2 answered eNPS: T1's score beside the organisation's would give T2's three answers");
        Assert.That(t1.Items["belonging"], Is.EqualTo(22.0 / 6).Within(1e-9));
        var t2 = survey.Groups.Single(g => g.TeamId == "T2");
        Assert.That(t2.Hidden, Is.True);
        Assert.That(t2.Enps, Is.Null);
        Assert.That(t2.Items, Is.Empty, "a hidden group's values must not leave the query");
        var t3 = survey.Groups.Single(g => g.TeamId == "T3");
        Assert.That(t3.Hidden, Is.True,
            "T3's 5 are hidden with T2's 3: the organisation total minus T1 and T3 would give T2's answers");
    }

    [Test]
    public async Task A_group_of_exactly_the_minimum_is_shown_and_eNPS_nobody_answered_is_blank()
    {
        var survey = (await EngagementPage.Query.RunAsync(Seeded, GroupSizeRule.Of(3), None)).Surveys.Single();
        var t2 = survey.Groups.Single(g => g.TeamId == "T2");
        Assert.That((t2.Hidden, t2.Responses), Is.EqualTo((false, 3L)), "exactly the minimum is shown");
        var t3 = survey.Groups.Single(g => g.TeamId == "T3");
        Assert.That(t3.Enps, Is.Null, "nobody in T3 answered eNPS");
        Assert.That(survey.Groups.Single(g => g.TeamId == "T1").Enps,
            Is.EqualTo(100.0 * (4 - 1) / 6).Within(1e-9)); // promoters 10,9,9,10; detractor 3
        Assert.That(t3.Team, Is.EqualTo("T3"), "a team without a name is shown by its id");
    }
}
