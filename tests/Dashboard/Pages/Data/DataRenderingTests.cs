namespace Impact.Tests.Dashboard.Pages.Data;

/// <summary>The data page as a browser gets it.</summary>
public sealed class DataRenderingTests : RenderedPageFixture
{
    [Test]
    public async Task Data_page_shows_freshness_and_the_rejected_rows_of_a_run()
    {
        var html = await Html("/Data");
        Assert.That(html, Does.Contain("no successful run yet"), "completions only ever failed");
        Assert.That(html, Does.Contain("completions.csv is not UTF-8."));
        var rejections = await Html("/Data?run=2");
        Assert.That(rejections, Does.Contain("value 'n/a' is not a number"));
        Assert.That(rejections, Does.Contain("metric 'csat' is not defined"));
    }
}
