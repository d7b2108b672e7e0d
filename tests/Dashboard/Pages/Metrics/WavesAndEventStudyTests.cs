using Impact.Dashboard.Display;
using Impact.Dashboard.Exports;

namespace Impact.Tests.Dashboard.Pages.Metrics;

/// <summary>The metric page's completion waves and event study per intervention: images the app draws, the
/// pack's finding sentence as their text, and tables with the same figures as the stored detail.</summary>
public sealed class WavesAndEventStudyTests : RenderedPageFixture
{
    [Test]
    public async Task Each_intervention_has_its_waves_and_event_study_with_the_finding_as_text_and_a_table()
    {
        var html = await Html("/Metrics/fcr");
        var (seeded, _) = await SeededPages.WarehousesAsync(Impact.Warehouse.Engine.Sqlite);
        var pack = await PackReader.ReadAsync(seeded, null, null, CancellationToken.None);
        var coach = pack.Pairs.Single(p => p.InterventionId == "coach" && p.MetricId == "fcr");

        Assert.That(html, Does.Contain("?handler=Waves&intervention=coach"));
        Assert.That(html, Does.Contain("?handler=EventStudy&intervention=coach"));
        Assert.That(html, Does.Contain($"alt=\"{Headlines.Title(coach)}. Mean First-contact resolution"));
        Assert.That(html, Does.Contain($"alt=\"{Headlines.Title(coach)}. Event study"));
        Assert.That(pack.Waves["coach"], Is.Not.Empty);
        foreach (var wave in pack.Waves["coach"])
            Assert.That(html, Does.Match($"<tr><td>{Format.Iso(wave.Period)}</td><td class=\"num\">[^<]*</td>\\s*" +
                $"<td class=\"num\">{wave.Completers}</td></tr>"));
        Assert.That(coach.Parsed.EventStudy, Has.Count.EqualTo(4));
        foreach (var p in coach.Parsed.EventStudy)
            Assert.That(html, Does.Contain($"<tr><td class=\"num\">{p.RelativePeriod}</td>" +
                $"<td class=\"num\">{Format.Signed(p.Estimate)}</td>"));
        // A pair the run could not estimate says so instead of drawing an empty event study.
        Assert.That(html, Does.Contain("mandatory on First-contact resolution: not enough evidence"));
    }

    [TestCase("/Metrics/fcr?handler=Waves&intervention=coach")]
    [TestCase("/Metrics/fcr?handler=EventStudy&intervention=coach")]
    [TestCase("/Metrics/fcr?handler=Waves&intervention=coach&team=T1")]
    public async Task The_chart_images_are_pngs(string url)
    {
        var png = await Client.GetByteArrayAsync(url);
        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
    }
}
