using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using P = DocumentFormat.OpenXml.Presentation;
using D = DocumentFormat.OpenXml.Drawing;

namespace Impact.Dashboard.Exports;

/// <summary>The deck's building blocks: a text box of paragraphs, a line, a bullet, a picture.</summary>
static class Text
{
    public static P.Shape Box(uint id, string name, long x, long y, long width, long height,
        IEnumerable<D.Paragraph> paragraphs, string? fill = null)
    {
        var properties = new P.ShapeProperties(
            new D.Transform2D(new D.Offset { X = x, Y = y }, new D.Extents { Cx = width, Cy = height }),
            new D.PresetGeometry(new D.AdjustValueList()) { Preset = D.ShapeTypeValues.Rectangle });
        if (fill is not null) properties.Append(new D.SolidFill(new D.RgbColorModelHex { Val = fill }));
        var body = new P.TextBody(
            new D.BodyProperties
            {
                Wrap = D.TextWrappingValues.Square, LeftInset = 91440, RightInset = 91440, TopInset = 45720,
                BottomInset = 45720, Anchor = fill is null ? D.TextAnchoringTypeValues.Top
                    : D.TextAnchoringTypeValues.Center,
            },
            new D.ListStyle());
        body.Append(paragraphs);
        return new P.Shape(
            new P.NonVisualShapeProperties(
                new P.NonVisualDrawingProperties { Id = id, Name = name },
                new P.NonVisualShapeDrawingProperties { TextBox = true },
                new P.ApplicationNonVisualDrawingProperties()),
            properties, body);
    }

    /// <param name="size">Hundredths of a point: 2400 is 24 pt.</param>
    public static D.Paragraph Line(string text, int size, bool bold = false, string colour = "1D2733",
        int spaceBefore = 0)
    {
        var paragraph = new D.Paragraph();
        if (spaceBefore > 0)
            paragraph.Append(new D.ParagraphProperties(new D.SpaceBefore(new D.SpacingPoints { Val = spaceBefore })));
        paragraph.Append(Run(text, size, bold, colour), new D.EndParagraphRunProperties { Language = "en-GB" });
        return paragraph;
    }

    public static D.Paragraph Bullet(string text, int size) => new(
        new D.ParagraphProperties(
            new D.SpaceAfter(new D.SpacingPoints { Val = 600 }),
            new D.CharacterBullet { Char = "•" }) { LeftMargin = 285750, Indent = -285750 },
        Run(text, size, false, "1D2733"),
        new D.EndParagraphRunProperties { Language = "en-GB" });

    static D.Run Run(string text, int size, bool bold, string colour) => new(
        new D.RunProperties(
            new D.SolidFill(new D.RgbColorModelHex { Val = colour }),
            new D.LatinFont { Typeface = "Liberation Sans" })
        { Language = "en-GB", FontSize = size, Bold = bold, Dirty = false },
        new D.Text(text));

    public static P.Picture Picture(SlidePart slide, uint id, string description, byte[] png, long x, long y,
        long width, long height)
    {
        var image = slide.AddImagePart(ImagePartType.Png);
        using (var stream = new MemoryStream(png)) image.FeedData(stream);
        return new P.Picture(
            new P.NonVisualPictureProperties(
                new P.NonVisualDrawingProperties { Id = id, Name = $"Chart {id}", Description = description },
                new P.NonVisualPictureDrawingProperties(new D.PictureLocks { NoChangeAspect = true }),
                new P.ApplicationNonVisualDrawingProperties()),
            new P.BlipFill(new D.Blip { Embed = slide.GetIdOfPart(image) }, new D.Stretch(new D.FillRectangle())),
            new P.ShapeProperties(
                new D.Transform2D(new D.Offset { X = x, Y = y }, new D.Extents { Cx = width, Cy = height }),
                new D.PresetGeometry(new D.AdjustValueList()) { Preset = D.ShapeTypeValues.Rectangle }));
    }
}
