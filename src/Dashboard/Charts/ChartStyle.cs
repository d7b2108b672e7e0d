using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// One look for every chart: calm colours that stay distinct for colour-blind readers (Okabe–Ito),
/// readable font sizes, the bundled font (<see cref="ChartFont"/>). Pages serve PNG drawn at twice the size;
/// exports add SVG, whose text names the bundled font and its metric-compatible fallbacks.
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
    public const int Sharpness = 2;

    public static Plot New()
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Muted);
        plot.Grid.MajorLineColor = Grid;
        // The bundled font, not Fonts.Sans: that depends on the server and resolves to a serif on Debian.
        plot.Font.Set(ChartFont.Ensure());
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Top.FrameLineStyle.Width = 0;
        return plot;
    }

    public static void Labels(Plot plot, string? title, string x, string y, float size = 13)
    {
        if (title is not null)
        {
            plot.Title(Wrap(title, 80));
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

    /// <summary>Month-and-year ticks at month starts, each month named once: ScottPlot's automatic date ticks
    /// fall on days or weeks when the span is short and then print the same month several times.</summary>
    public static void DateAxis(Plot plot, IEnumerable<DateOnly> periods, int maxTicks = 8)
    {
        var dates = periods.ToList();
        if (dates.Count == 0) return;
        plot.Axes.Bottom.TickGenerator = new MonthTickGenerator(
            MonthTicks(dates.Min(), dates.Max(), maxTicks).Select(t => (X(t.Month), t.Label)).ToList());
    }

    /// <summary>The first of every k-th month from <paramref name="first"/>'s month to <paramref name="last"/>'s,
    /// k the smallest step that keeps at most <paramref name="maxTicks"/> labels.</summary>
    public static IReadOnlyList<(DateOnly Month, string Label)> MonthTicks(DateOnly first, DateOnly last,
        int maxTicks)
    {
        var start = new DateOnly(first.Year, first.Month, 1);
        var months = (last.Year - start.Year) * 12 + last.Month - start.Month + 1;
        var step = Math.Max(1, (int)Math.Ceiling(months / (double)Math.Max(1, maxTicks)));
        return Enumerable.Range(0, (months + step - 1) / step).Select(i => start.AddMonths(i * step))
            .Select(m => (m, m.ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>Where a date sits on a date axis (OLE automation days, as ScottPlot's date axes use).</summary>
    public static double X(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToOADate();

    public static byte[] Png(Plot plot, int width, int height)
    {
        if (width <= ChartFit.NarrowWidth) FitNarrow(plot);
        plot.ScaleFactor = Sharpness;
        return plot.GetImage(width * Sharpness, height * Sharpness).GetImageBytes(ImageFormat.Png);
    }

    /// <summary>The same chart as SVG; its text names fallbacks, so it reads where the bundled font is absent.
    /// </summary>
    public static string Svg(Plot plot, int width, int height)
    {
        plot.ScaleFactor = 1;
        return plot.GetSvgXml(width, height)
            .Replace($"font-family=\"{ChartFont.Family}\"", $"font-family=\"{ChartFont.SvgFamilies}\"",
                StringComparison.Ordinal);
    }

    /// <summary>In a drawing at most <see cref="ChartFit.NarrowWidth"/> wide (a phone's, or an overview card's) the
    /// plotted area is under 300 pixels, and what is wider than it was cut off: a legend entry ("People completing
    /// Negotiation masterclass (right axis)") at the legend's frame, the bottom axis's title ("Effect on Customer
    /// satisfaction (points), with 95% intervals") at the image's edge. There both are broken into lines.</summary>
    static void FitNarrow(Plot plot)
    {
        foreach (var entry in plot.GetPlottables().OfType<IHasLegendText>())
            entry.LegendText = Wrap(entry.LegendText, NarrowLineChars);
        plot.Axes.Bottom.Label.Text = Wrap(plot.Axes.Bottom.Label.Text, NarrowLineChars);
    }

    const int NarrowLineChars = 36;

    /// <summary>A long sentence broken at spaces into lines of at most <paramref name="width"/> characters:
    /// a title states a finding in full, and ScottPlot does not wrap.</summary>
    public static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0) lines.Add(line);
        return string.Join('\n', lines);
    }
}
