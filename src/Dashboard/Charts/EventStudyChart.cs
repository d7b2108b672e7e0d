using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// Effect per period relative to completion with its 95% band. Periods before 0 are the pre-trend check:
/// they should sit on the zero line. Used by the intervention page and the export pack.
/// </summary>
public static class EventStudyChart
{
    public static Plot Build(string? title, Measure metric, IReadOnlyList<EffectPoint> points, string verdict)
    {
        if (points.Count == 0) return ChartStyle.Empty("No event study for this pair");

        var plot = ChartStyle.New();
        var xs = points.Select(p => (double)p.RelativePeriod).ToArray();
        var ys = points.Select(p => p.Estimate).ToArray();
        var colour = verdict.Length == 0 ? ChartStyle.Series : VerdictPalette.Of(verdict);
        if (points.All(p => p.CiLow is not null && p.CiHigh is not null))
        {
            var band = plot.Add.FillY(xs, points.Select(p => p.CiLow!.Value).ToArray(),
                points.Select(p => p.CiHigh!.Value).ToArray());
            band.FillColor = colour.WithAlpha(0.22);
            band.LineWidth = 0;
            band.LegendText = "95% interval";
        }
        plot.Add.HorizontalLine(0, 1, ChartStyle.Muted, LinePattern.Dashed);
        // The dotted line sits just before period 0: everything right of it is after completion.
        plot.Add.VerticalLine(-0.5, 1, ChartStyle.Accent, LinePattern.Dotted);
        var line = plot.Add.Scatter(xs, ys, verdict.Length == 0 ? ChartStyle.Series : ChartStyle.Ink);
        line.LineWidth = 2.5f;
        line.MarkerSize = 7;
        line.LegendText = "Effect";
        var unit = string.IsNullOrWhiteSpace(metric.Unit) ? "metric units" : metric.Unit;
        ChartStyle.Labels(plot, title, "Periods relative to completion (0 = completion period)",
            $"Effect on {metric.Name} ({unit})");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        plot.Legend.IsVisible = false;
        return plot;
    }
}
