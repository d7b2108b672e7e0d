using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using D = DocumentFormat.OpenXml.Drawing;

namespace Impact.Dashboard.Exports;

/// <summary>
/// <c>impact.pptx</c>: a title slide with the impact matrix, one slide per finding (title sentence, its event
/// study, three evidence bullets, the value line, a footer with method, freshness and run) and a closing
/// slide listing what could not be estimated and why. 16:9. Text goes through the SDK, which escapes it.
/// </summary>
public static class DeckPptx
{
    const long SlideWidth = 12192000, SlideHeight = 6858000, Margin = 457200;
    const long ChartTop = 1737360, ChartWidth = 7315200, ChartHeight = 4114800;

    /// <param name="image">The untitled PNG of a chart (the slide's title states it).</param>
    public static byte[] Write(PackData pack, IReadOnlyList<PackChart> charts, Func<PackChart, byte[]> image)
    {
        using var buffer = new MemoryStream();
        using (var document = PresentationDocument.Create(buffer, PresentationDocumentType.Presentation))
        {
            var part = document.AddPresentationPart();
            var layout = DeckParts.AddMasterAndLayout(part);
            var slides = new SlideIdList();
            part.Presentation = new Presentation(
                new SlideMasterIdList(new SlideMasterId { Id = 2147483648U, RelationshipId = "rId1" }),
                slides,
                new SlideSize { Cx = (int)SlideWidth, Cy = (int)SlideHeight },
                new NotesSize { Cx = 6858000, Cy = 9144000 },
                new DefaultTextStyle());
            var matrix = charts.First(c => c.Name == "impact-matrix");
            Add(part, layout, slides, TitleSlide(pack, matrix, image(matrix)));
            var studies = charts.Where(c => c.Finding is not null && c.Name.StartsWith("event-study",
                StringComparison.Ordinal)).ToDictionary(c => c.Finding!);
            foreach (var finding in BriefHtml.Ordered(studies.Keys))
                Add(part, layout, slides, FindingSlide(pack, studies[finding], image(studies[finding])));
            Add(part, layout, slides, ClosingSlide(pack));
            part.Presentation.Save();
        }
        return buffer.ToArray();
    }

    sealed record SlideContent(IReadOnlyList<Func<SlidePart, OpenXmlElement>> Shapes);

    static void Add(PresentationPart presentation, SlideLayoutPart layout, SlideIdList slides, SlideContent content)
    {
        var id = (uint)(256 + slides.Count());
        var slidePart = presentation.AddNewPart<SlidePart>($"rIdSlide{id}");
        slidePart.AddPart(layout);
        var tree = DeckParts.EmptyTree();
        foreach (var shape in content.Shapes) tree.Append(shape(slidePart));
        slidePart.Slide = new Slide(new CommonSlideData(tree), new ColorMapOverride(new D.MasterColorMapping()));
        slides.Append(new SlideId { Id = id, RelationshipId = presentation.GetIdOfPart(slidePart) });
    }

    static SlideContent TitleSlide(PackData pack, PackChart matrix, byte[] png) => new(
    [
        _ => Text.Box(2, "Title", Margin, 380000, SlideWidth - 2 * Margin, 700000,
            [Text.Line("Which learning moved our numbers?", 3200, bold: true)]),
        _ => Text.Box(3, "Subtitle", Margin, 1080000, SlideWidth - 2 * Margin, 560000,
            [Text.Line($"{pack.Scope} · {matrix.Title}", 1600, colour: "5B6B7C")]),
        slide => Text.Picture(slide, 4, matrix.Title, png, (SlideWidth - ChartWidth) / 2, ChartTop - 100000,
            ChartWidth, ChartHeight),
        _ => Footer(5, pack),
    ]);

    static SlideContent FindingSlide(PackData pack, PackChart chart, byte[] png)
    {
        var p = chart.Finding!;
        var bullets = Headlines.Evidence(p).Select(b => Text.Bullet(b, 1500)).ToList();
        bullets.Add(Text.Line(Headlines.ValueLine(p), 1300, colour: "5B6B7C", spaceBefore: 900));
        return new(
        [
            _ => Text.Box(2, "Verdict", Margin, 300000, 2743200, 340000,
                [Text.Line(VerdictDisplay.Label(p.Verdict), 1200, bold: true,
                    colour: VerdictPalette.TextHexOn(p.Verdict).TrimStart('#'))],
                fill: VerdictPalette.HexOf(p.Verdict).TrimStart('#')),
            _ => Text.Box(3, "Title", Margin, 680000, SlideWidth - 2 * Margin, 1000000,
                [Text.Line(Headlines.Title(p), TitleSize(Headlines.Title(p)), bold: true)]),
            slide => Text.Picture(slide, 4, chart.Title, png, Margin, ChartTop, ChartWidth, ChartHeight),
            _ => Text.Box(5, "Evidence", Margin + ChartWidth + 228600, ChartTop,
                SlideWidth - 2 * Margin - ChartWidth - 228600, ChartHeight, bullets),
            _ => Footer(6, pack),
        ]);
    }

    // A title states the whole finding, so a long one is set smaller rather than cut: two lines fit above
    // the chart at each size (measured on the LibreOffice rendering of the sample pack).
    static int TitleSize(string title) => title.Length switch
    {
        <= 80 => 2400,
        <= 120 => 2000,
        _ => 1600,
    };

    static SlideContent ClosingSlide(PackData pack)
    {
        const int shown = 10;
        var lines = pack.NotEstimated.Take(shown)
            .Select(p => Text.Bullet($"{p.Intervention} on {p.MetricName}: {p.Reason}", 1300)).ToList();
        if (pack.NotEstimated.Count > shown)
            lines.Add(Text.Line($"…and {pack.NotEstimated.Count - shown} more (see the CSV files).", 1300));
        if (lines.Count == 0) lines.Add(Text.Line("Every intervention × metric pair was estimated.", 1600));
        return new(
        [
            _ => Text.Box(2, "Title", Margin, 380000, SlideWidth - 2 * Margin, 700000,
                [Text.Line("What could not be estimated, and why", 2800, bold: true)]),
            _ => Text.Box(3, "Reasons", Margin, 1200000, SlideWidth - 2 * Margin, 4700000, lines),
            _ => Footer(4, pack),
        ]);
    }

    static OpenXmlElement Footer(uint id, PackData pack) =>
        Text.Box(id, "Footer", Margin, SlideHeight - 760000, SlideWidth - 2 * Margin, 600000,
        [
            Text.Line($"Method: {BriefHtml.Method}", 900, colour: "5B6B7C"),
            Text.Line($"Estimate run {pack.Run.RunId} of {PackReader.Minute(pack.Run.StartedAt)} · data version " +
                      $"{pack.Run.DataVersion} · {pack.Freshness}", 900, colour: "5B6B7C"),
        ]);
}
