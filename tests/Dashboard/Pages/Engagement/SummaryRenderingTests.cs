using System.Net;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Engagement;

/// <summary>What an executive sees of engagement: the whole organisation, never a team.</summary>
public sealed class SummaryRenderingTests
{
    [Test]
    public async Task An_executive_sees_the_organisation_wide_summary_and_not_the_results_per_team()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _app = app;
        using var executive = await app.ClientAsync(Roles.Executive);

        using var summary = await executive.GetAsync("/Engagement/Summary");
        using var perTeam = await executive.GetAsync("/Engagement");
        var html = WebUtility.HtmlDecode(await summary.Content.ReadAsStringAsync());

        Assert.That(summary.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(perTeam.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(html, Does.Contain("Engagement across the organisation").And.Contain("3.57"));
        Assert.That(html, Does.Not.Contain("Support North").And.Not.Contain("Results per team"));
        Assert.That(html, Does.Contain("href=\"/Engagement/Summary\">Engagement</a>"), "the header leads here");
    }
}
