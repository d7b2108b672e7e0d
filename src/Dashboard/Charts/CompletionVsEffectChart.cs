using Impact.Dashboard.Display;
using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// "Completion is not impact": per intervention, what a completion dashboard implies (completers minus
/// everyone else, a hollow grey diamond) beside the causal effect with its 95% interval (a dot in the
/// verdict's colour with whiskers). Where the two differ, the difference is who chose to take part.
/// </summary>
public static class CompletionVsEffectChart
{
    public static Plot Build(string? title, Measure metric, IReadOnlyList<CompletionVsEffect> rows)
    {
        if (rows.Count == 0) return ChartStyle.Empty($"No intervention has been estimated on {metric.Name} yet");
        var plot = ChartStyle.New();
        plot.Add.VerticalLine(0, 1, ChartStyle.Muted, LinePattern.Dashed);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = rows.Count - 1 - i;
            if (row.Effect is { } effect)
            {
                if (row.CiLow is { } low && row.CiHigh is { } high)
                {
                    var whisker = plot.Add.Line(low, y, high, y);
                    whisker.LineColor = VerdictPalette.Of(row.Verdict);
                    whisker.LineWidth = 3;
                }
                var dot = plot.Add.Marker(effect, y, MarkerShape.FilledCircle, 13, VerdictPalette.Of(row.Verdict));
                dot.MarkerLineColor = ChartStyle.Ink;
                dot.MarkerLineWidth = 1;
            }
            if (row.NaiveDifference is { } naive)
                plot.Add.Marker(naive, y + 0.22, MarkerShape.OpenDiamond, 13, ChartStyle.Muted);
            if (row.Effect is null)
            {
                var none = plot.Add.Text("not estimated: not enough evidence", 0, y);
                none.LabelFontColor = ChartStyle.Muted;
                none.LabelFontSize = 12;
                none.LabelAlignment = Alignment.MiddleLeft;
            }
        }
        plot.Axes.Left.SetTicks(rows.Select((_, i) => (double)(rows.Count - 1 - i)).ToArray(),
            rows.Select(Label).ToArray());
        plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
        var legendNaive = plot.Add.Marker(double.NaN, double.NaN, MarkerShape.OpenDiamond, 11, ChartStyle.Muted);
        legendNaive.LegendText = "Completers minus everyone else (what a completion report implies)";
        var legendCausal = plot.Add.Marker(double.NaN, double.NaN, MarkerShape.FilledCircle, 11, ChartStyle.Series);
        legendCausal.LegendText = "Causal effect with 95% interval (colour: verdict)";
        // Below the data, never over it: a whisker hidden by the legend would hide the answer.
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 11;
        ChartStyle.Labels(plot, title, $"Difference in {metric.Axis}", "");
        return plot;
    }

    static string Label(CompletionVsEffect row) => row.CompletionRate is { } rate
        ? $"{ChartStyle.Wrap(row.Intervention, 24)}\n{Format.Percent(rate)} completed"
        : ChartStyle.Wrap(row.Intervention, 24);
}
