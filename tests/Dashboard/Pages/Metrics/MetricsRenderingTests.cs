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
}
