using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using SummaryPage = Impact.Dashboard.Pages.Engagement.SummaryModel;

namespace Impact.Tests.Dashboard.Pages.Engagement;

/// <summary>The organisation-wide engagement summary's query on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class SummaryQueryTests(Engine engine) : PageQueryFixture(engine)
{
    [Test]
    public async Task The_summary_takes_every_team_together_including_those_too_small_to_show_alone()
    {
        var survey = (await SummaryPage.Query.RunAsync(Seeded, GroupSizeRule.Of(5), None)).Surveys.Single();
        var whole = survey.Groups.Single();
        Assert.That((whole.Team, whole.Responses, whole.Hidden), Is.EqualTo((SummaryPage.Organisation, 14L, false)));
        // eNPS answers: T1's six and T2's three (all 0); promoters 10,9,9,10; detractors 3,0,0,0.
        Assert.That(whole.Enps, Is.EqualTo(100.0 * (4 - 4) / 9).Within(1e-9));
        Assert.That(whole.Items["belonging"], Is.EqualTo((22.0 + 3 + 25) / 14).Within(1e-9));
    }

    [Test]
    public async Task An_organisation_smaller_than_the_minimum_shows_nothing_and_a_little_answered_item_stays_hidden()
    {
        var small = (await SummaryPage.Query.RunAsync(Seeded, GroupSizeRule.Of(15), None)).Surveys.Single()
            .Groups.Single();
        Assert.That((small.Hidden, small.Enps, small.Items.Count), Is.EqualTo((true, (double?)null, 0)));
        var enpsHidden = (await SummaryPage.Query.RunAsync(Seeded, GroupSizeRule.Of(10), None)).Surveys.Single()
            .Groups.Single();
        Assert.That(enpsHidden.Hidden, Is.False, "14 responses");
        Assert.That(enpsHidden.Enps, Is.Null, "only 9 answered eNPS");
        Assert.That((await SummaryPage.Query.RunAsync(Empty, GroupSizeRule.Of(5), None)).Surveys, Is.Empty);
    }
}
