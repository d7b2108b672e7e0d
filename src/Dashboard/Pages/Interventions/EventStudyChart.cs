using Impact.Dashboard.Charts;
using ScottPlot;

namespace Impact.Dashboard.Pages.Interventions;

/// <summary>
/// Effect per period relative to completion with its 95% interval. Periods before 0 are the
/// pre-trend check: they should sit on the zero line.
/// </summary>
public static class EventStudyChart
{
    public static byte[] Render(DetailModel.Pair? pair, int width = 760, int height = 320) =>
        ChartStyle.Png(Build(pair), width, height);

    static Plot Build(DetailModel.Pair? pair)
    {
        var points = pair?.Parsed.EventStudy ?? [];
        if (pair is null || points.Count == 0) return ChartStyle.Empty("No event study for this pair");

        var plot = ChartStyle.New();
        var xs = points.Select(p => (double)p.RelativePeriod).ToArray();
        var ys = points.Select(p => p.Estimate).ToArray();
        if (points.All(p => p.CiLow is not null && p.CiHigh is not null))
        {
            var band = plot.Add.FillY(xs, points.Select(p => p.CiLow!.Value).ToArray(),
                points.Select(p => p.CiHigh!.Value).ToArray());
            band.FillColor = ChartStyle.Band;
            band.LineWidth = 0;
        }
        var zero = plot.Add.HorizontalLine(0, 1, ChartStyle.Muted, LinePattern.Dashed);
        // The dotted line sits just before period 0: everything right of it is after completion.
        var start = plot.Add.VerticalLine(-0.5, 1, ChartStyle.Accent, LinePattern.Dotted);
        var line = plot.Add.Scatter(xs, ys, ChartStyle.Series);
        line.LineWidth = 2.5f;
        line.MarkerSize = 7;
        var unit = string.IsNullOrWhiteSpace(pair.Unit) ? "metric units" : pair.Unit;
        ChartStyle.Labels(plot, null, "Periods relative to completion (0 = completion period)", $"Effect ({unit})");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        return plot;
    }
}
