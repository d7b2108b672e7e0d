using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// One look for every chart: calm colours that stay distinct for colour-blind readers (Okabe–Ito),
/// readable font sizes. Served as PNG drawn at twice the size: an SVG would name a server font
/// (DejaVu) that the reader's browser may lack, and its glyph positions would then be wrong.
/// </summary>
public static class ChartStyle
{
    public static readonly Color Ink = Color.FromHex("#1d2733");
    public static readonly Color Muted = Color.FromHex("#5b6b7c");
    public static readonly Color Series = Color.FromHex("#0072B2");
    public static readonly Color Band = Color.FromHex("#0072B2").WithAlpha(0.18);
    public static readonly Color Accent = Color.FromHex("#D55E00");
    public static readonly Color Grid = Color.FromHex("#e6ebf0");

    public const string ContentType = "image/png";
    static readonly string SansFont = new[] { "DejaVu Sans", "Liberation Sans", "Arial" }
        .FirstOrDefault(name => SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains(name)) ?? Fonts.Default;
    const int Sharpness = 2;

    public static Plot New()
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Muted);
        plot.Grid.MajorLineColor = Grid;
        // Named, not Fonts.Sans: on Debian that resolves to a serif fallback.
        plot.Font.Set(SansFont);
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Top.FrameLineStyle.Width = 0;
        return plot;
    }

    public static void Labels(Plot plot, string? title, string x, string y, float size = 13)
    {
        if (title is not null)
        {
            plot.Title(title);
            plot.Axes.Title.Label.FontSize = size + 2;
            plot.Axes.Title.Label.ForeColor = Ink;
        }
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Axes.Bottom.Label.FontSize = size;
        plot.Axes.Left.Label.FontSize = size;
        plot.Axes.Bottom.TickLabelStyle.FontSize = size - 1;
        plot.Axes.Left.TickLabelStyle.FontSize = size - 1;
    }

    /// <summary>Said inside the image, so an empty chart never looks like a broken one.</summary>
    public static Plot Empty(string sentence)
    {
        var plot = New();
        plot.HideAxesAndGrid();
        var text = plot.Add.Text(sentence, 0, 0);
        text.LabelFontColor = Muted;
        text.LabelFontSize = 14;
        text.LabelAlignment = Alignment.MiddleCenter;
        return plot;
    }

    /// <summary>Month-and-year ticks, not the US short dates ScottPlot picks by default.</summary>
    public static void DateAxis(Plot plot)
    {
        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic auto)
            auto.LabelFormatter = d => d.ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static byte[] Png(Plot plot, int width, int height)
    {
        plot.ScaleFactor = Sharpness;
        return plot.GetImage(width * Sharpness, height * Sharpness).GetImageBytes(ImageFormat.Png);
    }
}
