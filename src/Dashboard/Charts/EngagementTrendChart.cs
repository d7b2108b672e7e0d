using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// Engagement across survey waves, organisation-wide: the mean answer per item on its 1–5 scale, or eNPS on
/// −100 to +100. Each line has its own colour (Okabe–Ito) and its own marker shape, so lines are told apart
/// without colour; the legend sits below the plot. A hidden wave breaks the line.
/// </summary>
public static class EngagementTrendChart
{
    static readonly Color[] Colours = new[] { "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
        "#000000" }.Select(Color.FromHex).ToArray();

    static readonly MarkerShape[] Shapes =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp,
        MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle, MarkerShape.OpenSquare,
    ];

    // The axis spans the values with a margin, inside the scale: the full 1–5 scale flattens every change a team
    // would discuss into one line, a tighter one would make a survey's noise look like a movement.
    public static Plot Items(string? title, IReadOnlyList<SurveySeries> items) =>
        Build(title, items, (1, 5), 0.5, "Mean answer (1–5)", zeroLine: false);

    public static Plot Enps(string? title, SurveySeries enps) =>
        Build(title, [enps], (-100, 100), 20, "eNPS (−100 to +100)", zeroLine: true);

    static Plot Build(string? title, IReadOnlyList<SurveySeries> series, (double Low, double High) scale,
        double margin, string axis, bool zeroLine)
    {
        var waves = series.SelectMany(s => s.Points).Where(p => p.Value is not null).Select(p => p.Wave).ToList();
        if (waves.Count == 0) return ChartStyle.Empty("No survey result can be shown yet");
        var plot = ChartStyle.New();
        if (zeroLine) plot.Add.HorizontalLine(0, 1, ChartStyle.Muted, LinePattern.Dashed);
        for (var i = 0; i < series.Count; i++)
        {
            var points = series[i].Points.OrderBy(p => p.Wave).ToList();
            var line = plot.Add.Scatter(points.Select(p => ChartStyle.X(p.Wave)).ToArray(),
                points.Select(p => p.Value ?? double.NaN).ToArray(), Colours[i % Colours.Length]);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.MarkerShape = Shapes[i % Shapes.Length];
            line.LegendText = series[i].Label;
        }
        ChartStyle.DateAxis(plot, waves);
        plot.Axes.SetLimitsX(ChartStyle.X(waves.Min()) - 20, ChartStyle.X(waves.Max()) + 20);
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).OfType<double>().ToList();
        plot.Axes.SetLimitsY(Math.Max(scale.Low, values.Min() - margin), Math.Min(scale.High, values.Max() + margin));
        if (series.Count > 1) plot.ShowLegend(Edge.Bottom);
        else plot.Legend.IsVisible = false;
        plot.Legend.FontSize = 11;
        ChartStyle.Labels(plot, title, "Survey wave", axis);
        return plot;
    }
}
