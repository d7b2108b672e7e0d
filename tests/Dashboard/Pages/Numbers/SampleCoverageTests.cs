using Impact.Models.Estimation;
using Impact.Warehouse.Surveys;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>The sample gives each kind of figure the page tests compare something to compare: were it to lose
/// its subgroup effects or its small survey teams, those comparisons would pass on nothing.</summary>
public sealed class SampleCoverageTests : NumbersFixture
{
    [Test]
    public async Task The_sample_has_every_kind_of_figure_the_page_tests_compare()
    {
        var smallTeams = await Org.QueryAsync<long>($"""
            SELECT COUNT(*) FROM survey_responses GROUP BY survey_id, team_id
            HAVING COUNT(*) < {GroupSizeRule.Default}
            """);
        var kinds = new Dictionary<string, int>
        {
            ["estimated pairs"] = Org.Latest.Count(p => p.Estimate is not null),
            ["verdicts"] = Org.Latest.Select(p => p.Verdict).Distinct().Count(),
            ["event-study points"] = Org.Latest.Sum(p => p.EventStudy.Count),
            ["subgroup effects"] = Org.Latest.Sum(p => p.Heterogeneity.Count),
            ["high-performer findings"] = Org.Latest.Sum(p => p.HighPerformers.Count),
            ["pairs with clusters"] = Org.Latest.Count(p => p.Clusters is not null),
            ["pairs in the latest run only"] = Org.Latest.Count(l =>
                !Org.Earlier.Any(e => e.InterventionId == l.InterventionId && e.MetricId == l.MetricId)),
            ["survey teams under the minimum"] = smallTeams.Count,
            ["survey waves"] = (await Org.QueryAsync<string>("SELECT DISTINCT survey_id FROM survey_responses")).Count,
        };
        TestContext.Out.WriteLine(string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}")));
        Assert.That(kinds.Where(k => k.Key == "verdicts" ? k.Value < 2 : k.Value == 0).Select(k => k.Key),
            Is.Empty, "kinds of figure the sample does not have");
        Assert.That(Org.Latest.Select(p => p.Verdict), Has.Some.Not.EqualTo(Verdicts.Improved));
    }
}
