using System.Text;
using System.Text.RegularExpressions;
using Impact.Dashboard.Exports;
using Impact.Tests.Dashboard.Exports;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Dashboard.Browser;

/// <summary>
/// The brief is a one-pager: printed by Chromium on A4 and on Letter it is one page, for the seeded run and for
/// a run six times its size (many improved pairs, long lists), where the lines it cannot fit say how many more.
/// </summary>
public sealed partial class BriefPrintTests : BrowserFixture
{
    PackData seeded = null!;

    [OneTimeSetUp]
    public async Task ReadTheSeededPack()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await ExportSeed.SeedAsync(warehouse);
        seeded = await PackReader.ReadAsync(warehouse, null, null, CancellationToken.None);
    }

    [TestCase(1, "A4")]
    [TestCase(1, "Letter")]
    [TestCase(6, "A4")]
    [TestCase(6, "Letter")]
    public async Task The_brief_prints_on_one_page(int copies, string paper)
    {
        var pack = Copies(seeded, copies);
        Assert.That(pack.Findings, Has.Count.EqualTo(seeded.Findings.Count * copies), "the pack was multiplied");
        var html = BriefHtml.Render(pack, BriefCharts.For(pack),
            c => "data:image/png;base64," + Convert.ToBase64String(BriefCharts.Image(c)), DateTimeOffset.UtcNow);
        var page = await BlankPageAsync(Wide);
        await page.SetContentAsync(html);
        var file = Path.Combine(ScreenshotFolder, $"brief-{copies}x-{paper}.pdf");
        var pdf = await page.PdfAsync(new() { Format = paper, Path = file });
        var pages = PageObject().Count(Encoding.Latin1.GetString(pdf));
        if (pages != 1) TestContext.AddTestAttachment(file);
        Assert.That(pages, Is.EqualTo(1), $"{copies}× the seeded run on {paper}");
        if (copies > 1) Assert.That(html, Does.Contain(" more"), "long lists are cut with a count");
    }

    /// <summary>The run's pairs repeated as if there were <paramref name="copies"/> times the interventions.
    /// </summary>
    static PackData Copies(PackData pack, int copies) => copies == 1 ? pack : pack with
    {
        Pairs = Enumerable.Range(1, copies).SelectMany(i => pack.Pairs.Select(p => p with
        {
            InterventionId = $"{p.InterventionId}-{i}", InterventionName = $"{p.Intervention} (cohort {i})",
        })).ToList(),
    };

    // One "/Type /Page" object per printed page ("/Type /Pages" is the page tree).
    [GeneratedRegex(@"/Type\s*/Page(?!s)")]
    private static partial Regex PageObject();
}
