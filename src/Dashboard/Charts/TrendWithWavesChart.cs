using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// A metric's mean per period, with the intervention's completion waves as bars on the right axis, so the
/// reader sees when people finished it against what the metric did.
/// </summary>
public static class TrendWithWavesChart
{
    public static Plot Build(string? title, Measure metric, string intervention, IReadOnlyList<TrendPoint> trend,
        IReadOnlyList<CompletionWave> waves)
    {
        if (trend.Count == 0) return ChartStyle.Empty($"No observations of {metric.Name} yet");
        var plot = ChartStyle.New();
        if (waves.Count > 0)
        {
            var bars = plot.Add.Bars(waves.Select(w => new Bar
            {
                Position = ChartStyle.X(w.Period), Value = w.Completers, Size = 20,
                FillColor = ChartStyle.Accent.WithAlpha(0.35), LineWidth = 0,
            }).ToList());
            bars.Axes.YAxis = plot.Axes.Right;
            bars.LegendText = $"People completing {intervention} (right axis)";
            plot.Axes.Right.Label.Text = "People finishing per month";
            plot.Axes.Right.Label.FontSize = 12;
            plot.Axes.Right.TickLabelStyle.FontSize = 11;
            plot.Axes.Right.FrameLineStyle.Width = 1;
            // Setting only the minimum left the maximum at the tallest bar, so bars ran into the frame: a tenth of
            // headroom above the tallest month.
            plot.Axes.SetLimitsY(0, Math.Max(1, waves.Max(w => w.Completers)) * 1.1, plot.Axes.Right);
        }
        var line = plot.Add.Scatter(trend.Select(p => ChartStyle.X(p.Period)).ToArray(),
            trend.Select(p => p.Mean).ToArray(), ChartStyle.Series);
        line.LineWidth = 2.5f;
        line.MarkerSize = trend.Count > 40 ? 0 : 5;
        line.LegendText = $"Mean {metric.Name}";
        // Below the plot: inside it the legend covered whichever bars or points fell in its corner.
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 11;
        var periods = trend.Select(p => p.Period).Concat(waves.Select(w => w.Period)).ToList();
        ChartStyle.DateAxis(plot, periods);
        // Both series share the bottom axis, but ScottPlot's auto-scale fits it to the bars alone (they sit on the
        // right axis), cutting the trend off: the range is set from both, with half a month either side.
        plot.Axes.SetLimitsX(ChartStyle.X(periods.Min()) - 16, ChartStyle.X(periods.Max()) + 16);
        ChartStyle.Labels(plot, title, "Period start", $"Mean {metric.Axis}");
        return plot;
    }

}
