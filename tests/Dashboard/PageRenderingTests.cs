using System.Net;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Dashboard;

/// <summary>The pages as a browser gets them from the real app, on a seeded SQLite warehouse.</summary>
public sealed class PageRenderingTests
{
    DashboardApp app = null!;
    HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        (app, _) = await DashboardApp.OnSqliteAsync(seeded: true);
        client = app.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    async Task<string> Html(string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {body[..Math.Min(body.Length, 400)]}");
        return WebUtility.HtmlDecode(body);
    }

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
        // Two pairs were estimated (the third had not enough evidence): chance alone makes fewer than one look like an effect.
        Assert.That(html, Does.Contain("2 pairs were estimated, each at the 95% level: if none of them had a real effect, fewer than one would still look like one by chance."));
    }

    [Test]
    public async Task Engagement_hides_small_groups_and_says_it_is_not_performance()
    {
        var html = await Html("/Engagement");
        Assert.That(html, Does.Contain("Engagement is not performance"));
        Assert.That(html, Does.Contain("hidden: fewer than 5 responses"));
        Assert.That(html, Does.Contain("Support North"));
        Assert.That(html, Does.Contain("+50"), "T1's eNPS: 4 promoters, 1 detractor of 6");
        Assert.That(html, Does.Not.Contain("1.00"), "T2's all-1 answers must not appear anywhere");
    }

    [Test]
    public async Task Intervention_page_puts_the_naive_difference_beside_the_estimate_and_explains_missing_evidence()
    {
        var coach = await Html("/Interventions/coach");
        Assert.That(coach, Does.Contain("+4.20 %"));
        Assert.That(coach, Does.Contain("[+2.04, +6.36]"));
        Assert.That(coach, Does.Contain("what a completion dashboard implies"));
        Assert.That(coach, Does.Contain("+9.80"));
        Assert.That(coach, Does.Contain("?handler=Chart&metric=fcr"));
        var mandatory = await Html("/Interventions/mandatory");
        Assert.That(mandatory, Does.Contain("Not enough evidence:"));
        Assert.That(mandatory, Does.Contain(DashboardSeed.InsufficientReason));
        var elearn = await Html("/Interventions/elearn");
        Assert.That(elearn, Does.Contain("Weak overlap: 12% of the comparison group was trimmed."));
    }

    [Test]
    public async Task Money_is_shown_with_its_interval_and_marked_not_demonstrated_when_the_effect_is_not()
    {
        var coach = await Html("/Interventions/coach");
        Assert.That(coach, Does.Contain("504 EUR"));
        Assert.That(coach, Does.Contain("[+245, +763]"));
        Assert.That(coach, Does.Contain("0.26"));
        Assert.That(coach, Does.Not.Contain("Not demonstrated"));
        var elearn = await Html("/Interventions/elearn");
        Assert.That(elearn, Does.Contain("[-120, +190]"));
        Assert.That(elearn, Does.Contain("Not demonstrated: the effect&#x27;s interval includes zero").Or.Contain("Not demonstrated: the effect's interval includes zero"));
        Assert.That(elearn, Does.Contain("class=\"unproven\""));
    }

    [Test]
    public async Task Interventions_list_and_metric_page_link_the_verdicts()
    {
        var list = await Html("/Interventions");
        Assert.That(list, Does.Contain("Call coaching").And.Contain("/Interventions/coach"));
        var metric = await Html("/Metrics/fcr");
        Assert.That(metric, Does.Contain("Head of Customer Service"));
        Assert.That(metric, Does.Contain("12.91"), "January's spread across subjects");
        Assert.That(metric, Does.Contain("/Interventions/mandatory"));
    }

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

    [TestCase("/?handler=Chart&metric=fcr")]
    [TestCase("/Metrics/fcr?handler=Chart")]
    [TestCase("/Interventions/coach?handler=Chart&metric=fcr")]
    [TestCase("/Interventions/elearn?handler=Chart&metric=fcr")]
    public async Task Charts_are_served_as_png_images(string url)
    {
        using var response = await client.GetAsync(url);
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
            using var response = await client.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Nothing here"));
        }
    }
}
