using System.IO.Compression;
using System.Net;
using DocumentFormat.OpenXml.Packaging;

namespace Impact.Tests.Dashboard.Pages.Exports;

/// <summary>The Export page as a browser gets it, on the seeded app (signed in with every role).</summary>
public sealed class ExportsRenderingTests
{
    [Test]
    public async Task The_page_offers_each_owner_and_names_the_run_it_exports()
    {
        var client = await SeededPages.ClientAsync();
        var html = await client.GetStringAsync("/Exports");

        Assert.That(html, Does.Contain("Export the executive pack").And.Contain("estimate run #2"));
        Assert.That(html, Does.Contain($"<option value=\"{DashboardSeed.ServiceOwner}\">"));
    }

    [Test]
    public async Task The_brief_downloads_as_a_self_contained_html_file_and_the_export_is_listed()
    {
        var client = await SeededPages.ClientAsync();
        using var response = await client.GetAsync("/Exports?handler=Download&what=brief");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo("brief.html"));
        var brief = await response.Content.ReadAsStringAsync();
        Assert.That(brief, Does.Contain("Which learning moved our numbers?").And.Contain("data:image/png;base64,"));
        Assert.That(await client.GetStringAsync("/Exports"), Does.Contain("download"));
    }

    [Test]
    public async Task The_deck_downloads_alone_and_everything_downloads_as_a_zip()
    {
        var client = await SeededPages.ClientAsync();
        var deck = await client.GetByteArrayAsync(
            $"/Exports?handler=Download&what=deck&owner={Uri.EscapeDataString(DashboardSeed.ServiceOwner)}");
        using (var document = PresentationDocument.Open(new MemoryStream(deck), false))
            Assert.That(document.PresentationPart!.SlideParts.Count(), Is.GreaterThanOrEqualTo(2));

        var zip = await client.GetByteArrayAsync("/Exports?handler=Download&what=all");
        using var archive = new ZipArchive(new MemoryStream(zip));
        Assert.That(archive.Entries.Select(e => e.Name),
            Does.Contain("brief.html").And.Contain("impact.pptx").And.Contain("impact-matrix.csv"));
    }

    [Test]
    public async Task An_unknown_owner_is_said_on_the_page_not_as_an_error()
    {
        var client = await SeededPages.ClientAsync();
        using var response = await client.GetAsync("/Exports?handler=Download&what=brief&owner=Nobody");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("no metric is owned by"));
    }
}
