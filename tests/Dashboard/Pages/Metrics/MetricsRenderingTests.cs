namespace Impact.Tests.Dashboard.Pages.Metrics;

/// <summary>The metric page's filters as a browser gets them: in the query string, carried to the chart.</summary>
public sealed class MetricsRenderingTests : RenderedPageFixture
{
    [Test]
    public async Task A_date_filter_narrows_the_trend_and_its_chart_and_says_estimates_are_not_filtered()
    {
        var html = await Html("/Metrics/fcr?from=2025-02-01&team=T1");
        Assert.That(html, Does.Contain("?handler=Chart&team=T1&from=2025-02-01"));
        Assert.That(html, Does.Not.Contain("<td>2025-01-01</td>").And.Contain("<td>2025-02-01</td>"));
        Assert.That(html, Does.Contain("The estimates below are not"));
        Assert.That(html, Does.Match(@"<option value=""T1"" selected=""selected"">Support North</option>"));
    }

    [Test]
    public async Task A_date_that_is_not_a_date_is_named_and_ignored()
    {
        var html = await Html("/Metrics/fcr?from=March");
        Assert.That(html, Does.Contain("'March' in from is not a date (yyyy-MM-dd); it was ignored."));
        Assert.That(html, Does.Contain("<td>2025-01-01</td>"));
    }

    [Test]
    public async Task Who_it_worked_for_and_high_performers_come_from_the_stored_detail()
    {
        var html = await Html("/Metrics/fcr");
        Assert.That(html, Does.Contain("Call coaching changed it most for role agent (+5.10 %, 95% CI [+2.00, " +
            "+8.20]) and least for tenure band 0-1 years (+2.30 %, 95% CI [-1.00, +5.60]), across 2 groups big " +
            "enough to estimate. Their 95% intervals overlap, so this does not show that it worked differently " +
            "for them."));
        Assert.That(html, Does.Match(@"<td[^>]*>Role: agent</td>\s*<td[^>]*>\+5.10</td>\s*" +
            @"<td[^>]*>\[\+2.00, \+8.20\]</td>\s*<td[^>]*>2</td>\s*<td[^>]*>0.040</td>"));
        Assert.That(html, Does.Contain("Descriptive, not causal"));
        Assert.That(html, Does.Contain(DashboardSeed.HighPerformerFinding));
    }
}
