using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Impact.Dashboard.Charts;

namespace Impact.Tests.Dashboard.Pages;

/// <summary>Every page chart offers phones a narrower drawing, so its axis text stays readable when the image is
/// shrunk to a phone's width; desktops keep the wide one.</summary>
public sealed class PhoneChartTests : RenderedPageFixture
{
    [TestCase("/Metrics/fcr", 4)]
    [TestCase("/Metrics/fcr?team=T1", 4)]
    [TestCase("/Interventions/coach", 2)]
    [TestCase("/Engagement/Summary", 2)]
    public async Task Each_chart_has_a_phone_source_for_the_same_address_drawn_narrower(string page, int atLeast)
    {
        var html = await Html(page);
        var pictures = Regex.Matches(html, "<picture><source media=\"([^\"]+)\" srcset=\"([^\"]+)\" " +
            "width=\"(\\d+)\" height=\"(\\d+)\" />\\s*(<img[^>]*>)");

        Assert.That(pictures, Has.Count.GreaterThanOrEqualTo(atLeast), page);
        foreach (Match p in pictures)
        {
            var img = p.Groups[5].Value;
            var (narrow, wide) = (p.Groups[2].Value, Attribute(img, "src"));
            Assert.That(p.Groups[1].Value, Is.EqualTo(ChartFit.PhoneMedia));
            Assert.That(narrow, Is.EqualTo(wide + "&" + ChartFit.NarrowQuery));
            Assert.That(p.Groups[4].Value, Is.EqualTo(Attribute(img, "height")), "the same height");
            var basePath = page.Split('?')[0];
            var (narrowWidth, wideWidth) = (await WidthAsync(basePath + narrow), await WidthAsync(basePath + wide));
            Assert.That(narrowWidth, Is.EqualTo(ChartFit.NarrowWidth * ChartStyle.Sharpness), narrow);
            Assert.That(wideWidth, Is.GreaterThan(narrowWidth), wide);
            Assert.That(int.Parse(p.Groups[3].Value), Is.EqualTo(ChartFit.NarrowWidth));
        }
    }

    static string Attribute(string tag, string name) => Regex.Match(tag, $" {name}=\"([^\"]*)\"").Groups[1].Value;

    // A PNG's width is the big-endian integer at byte 16, in its IHDR chunk.
    async Task<int> WidthAsync(string url)
    {
        var png = await Client.GetByteArrayAsync(url);
        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }), url);
        return BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
    }
}
