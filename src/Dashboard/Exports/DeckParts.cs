using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using D = DocumentFormat.OpenXml.Drawing;

namespace Impact.Dashboard.Exports;

/// <summary>
/// The fixed parts of the deck: one blank layout under one master, and a theme whose fonts name the
/// charts' font. Slides place their own text boxes and pictures, so nothing depends on placeholder
/// inheritance that viewers render differently.
/// </summary>
static class DeckParts
{
    public static SlideLayoutPart AddMasterAndLayout(PresentationPart presentation)
    {
        var master = presentation.AddNewPart<SlideMasterPart>("rId1");
        var layout = master.AddNewPart<SlideLayoutPart>("rId1");
        layout.SlideLayout = new SlideLayout(new CommonSlideData(EmptyTree()) { Name = "Blank" },
            new ColorMapOverride(new D.MasterColorMapping())) { Type = SlideLayoutValues.Blank };
        layout.AddPart(master);
        master.SlideMaster = new SlideMaster(
            new CommonSlideData(EmptyTree()),
            new ColorMap
            {
                Background1 = D.ColorSchemeIndexValues.Light1, Text1 = D.ColorSchemeIndexValues.Dark1,
                Background2 = D.ColorSchemeIndexValues.Light2, Text2 = D.ColorSchemeIndexValues.Dark2,
                Accent1 = D.ColorSchemeIndexValues.Accent1, Accent2 = D.ColorSchemeIndexValues.Accent2,
                Accent3 = D.ColorSchemeIndexValues.Accent3, Accent4 = D.ColorSchemeIndexValues.Accent4,
                Accent5 = D.ColorSchemeIndexValues.Accent5, Accent6 = D.ColorSchemeIndexValues.Accent6,
                Hyperlink = D.ColorSchemeIndexValues.Hyperlink,
                FollowedHyperlink = D.ColorSchemeIndexValues.FollowedHyperlink,
            },
            new SlideLayoutIdList(new SlideLayoutId { Id = 2147483649U, RelationshipId = "rId1" }),
            new TextStyles(new TitleStyle(), new BodyStyle(), new OtherStyle()));
        var theme = master.AddNewPart<ThemePart>("rId2");
        theme.Theme = Theme();
        presentation.AddPart(theme, "rId99");
        return layout;
    }

    public static ShapeTree EmptyTree() => new(
        new NonVisualGroupShapeProperties(
            new NonVisualDrawingProperties { Id = 1U, Name = "" },
            new NonVisualGroupShapeDrawingProperties(),
            new ApplicationNonVisualDrawingProperties()),
        new GroupShapeProperties(new D.TransformGroup()));

    // Colours are the chart palette's ink and Okabe–Ito; the fonts name the bundled chart font, with
    // Arial's metrics, which PowerPoint and LibreOffice substitute where it is not installed.
    static D.Theme Theme()
    {
        static D.SolidFill Fill(string hex) => new(new D.RgbColorModelHex { Val = hex });
        static D.Outline Line(int width) => new(Fill("5B6B7C")) { Width = width };
        return new D.Theme(
            new D.ThemeElements(
                new D.ColorScheme(
                    new D.Dark1Color(new D.RgbColorModelHex { Val = "1D2733" }),
                    new D.Light1Color(new D.RgbColorModelHex { Val = "FFFFFF" }),
                    new D.Dark2Color(new D.RgbColorModelHex { Val = "5B6B7C" }),
                    new D.Light2Color(new D.RgbColorModelHex { Val = "E6EBF0" }),
                    new D.Accent1Color(new D.RgbColorModelHex { Val = "0072B2" }),
                    new D.Accent2Color(new D.RgbColorModelHex { Val = "009E73" }),
                    new D.Accent3Color(new D.RgbColorModelHex { Val = "D55E00" }),
                    new D.Accent4Color(new D.RgbColorModelHex { Val = "E69F00" }),
                    new D.Accent5Color(new D.RgbColorModelHex { Val = "56B4E9" }),
                    new D.Accent6Color(new D.RgbColorModelHex { Val = "CC79A7" }),
                    new D.Hyperlink(new D.RgbColorModelHex { Val = "0072B2" }),
                    new D.FollowedHyperlinkColor(new D.RgbColorModelHex { Val = "CC79A7" })) { Name = "Impact" },
                new D.FontScheme(
                    new D.MajorFont(new D.LatinFont { Typeface = "Liberation Sans" },
                        new D.EastAsianFont { Typeface = "" }, new D.ComplexScriptFont { Typeface = "" }),
                    new D.MinorFont(new D.LatinFont { Typeface = "Liberation Sans" },
                        new D.EastAsianFont { Typeface = "" }, new D.ComplexScriptFont { Typeface = "" }))
                    { Name = "Impact" },
                new D.FormatScheme(
                    new D.FillStyleList(Fill("FFFFFF"), Fill("E6EBF0"), Fill("5B6B7C")),
                    new D.LineStyleList(Line(9525), Line(19050), Line(28575)),
                    new D.EffectStyleList(new D.EffectStyle(new D.EffectList()),
                        new D.EffectStyle(new D.EffectList()), new D.EffectStyle(new D.EffectList())),
                    new D.BackgroundFillStyleList(Fill("FFFFFF"), Fill("F5F7FA"), Fill("E6EBF0")))
                    { Name = "Impact" }),
            new D.ObjectDefaults(),
            new D.ExtraColorSchemeList()) { Name = "Impact" };
    }
}
