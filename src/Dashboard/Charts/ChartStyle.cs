using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// One look for every chart: calm colours that stay distinct for colour-blind readers (Okabe–Ito),
/// readable font sizes, served as SVG so it stays sharp at any zoom.
/// </summary>
public static class ChartStyle
{
    public static readonly Color Ink = Color.FromHex("#1d2733");
    public static readonly Color Muted = Color.FromHex("#5b6b7c");
    public static readonly Color Series = Color.FromHex("#0072B2");
    public static readonly Color Band = Color.FromHex("#0072B2").WithAlpha(0.18);
    public static readonly Color Accent = Color.FromHex("#D55E00");
    public static readonly Color Grid = Color.FromHex("#e6ebf0");

    public const string ContentType = "image/svg+xml";

    public static Plot New()
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Muted);
        plot.Grid.MajorLineColor = Grid;
        plot.Axes.Frameless();
        plot.Axes.Bottom.FrameLineStyle.Width = 1;
        plot.Axes.Left.FrameLineStyle.Width = 1;
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

    public static byte[] Svg(Plot plot, int width, int height) =>
        System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height));
}
