using System.Net;

namespace Impact.Tests.Dashboard.Pages;

/// <summary>The overview as a browser gets it, and what every page does with charts and unknown ids.</summary>
public sealed class PageRenderingTests : RenderedPageFixture
{
    [Test]
    public async Task Overview_shows_metrics_under_their_owning_stakeholder()
    {
        var html = await Html("/");
        var service = html.IndexOf(DashboardSeed.ServiceOwner, StringComparison.Ordinal);
        var sales = html.IndexOf(DashboardSeed.SalesOwner, StringComparison.Ordinal);
        Assert.That(service, Is.GreaterThan(0));
        Assert.That(sales, Is.GreaterThan(service));
        var fcr = html.IndexOf("First-contact resolution", service, StringComparison.Ordinal);
        var deals = html.IndexOf("Deals closed", StringComparison.Ordinal);
        Assert.That(fcr, Is.InRange(service, sales), "a Customer Service metric sits in its owner's section");
        Assert.That(deals, Is.GreaterThan(sales), "a Sales metric sits in the Sales Director's section");
        Assert.That(html, Does.Contain("?handler=Chart&metric=fcr"));
        Assert.That(html, Does.Contain("No observations yet"), "the metric without KPIs says so");
    }

    [Test]
    public async Task Overview_counts_verdicts_of_the_latest_run_only()
    {
        var html = await Html("/");
        Assert.That(html, Does.Contain("Run #2"));
        Assert.That(html, Does.Match(@"<span class=""big"">1</span> Improved"));
        Assert.That(html, Does.Match(@"<span class=""big"">0</span> Worsened"));
        Assert.That(html, Does.Match(@"<span class=""big"">1</span> Not enough evidence"));
        // Two pairs were estimated (the third had not enough evidence): chance alone makes fewer than one look like an
        // effect.
        Assert.That(html,
            Does.Contain("2 pairs were estimated, each at the 95% level: if none of them had a real effect, fewer " +
            "than one would still look like one by chance."));
    }

    [TestCase("/?handler=Chart&metric=fcr")]
    [TestCase("/Metrics/fcr?handler=Chart")]
    [TestCase("/Interventions/coach?handler=Chart&metric=fcr")]
    [TestCase("/Interventions/elearn?handler=Chart&metric=fcr")]
    public async Task Charts_are_served_as_png_images(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        Assert.That(png, Has.Length.GreaterThan(2000), "a real drawing, not an empty image");
    }

    [Test]
    public async Task Unknown_metric_and_intervention_are_not_found_pages()
    {
        foreach (var url in new[] { "/Metrics/nope", "/Interventions/nope" })
        {
            using var response = await Client.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Nothing here"));
        }
    }
}
