using Impact.Dashboard.Charts;
using ScottPlot;

namespace Impact.Dashboard.Pages.Metrics;

/// <summary>Mean per period with a band of ±1 standard deviation across subjects.</summary>
public static class TrendChart
{
    public const int Width = 900;
    public const int Height = 360;

    public static byte[] Render(DetailModel.Result? data, int width = Width) =>
        ChartStyle.Png(Build(data), width, Height);

    static Plot Build(DetailModel.Result? data)
    {
        var points = data?.Trend.Where(p => p.Date is not null).ToList() ?? [];
        if (data is null || points.Count == 0) return ChartStyle.Empty("No observations for this metric yet");

        var plot = ChartStyle.New();
        var xs = points.Select(p => p.Date!.Value.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        var mean = points.Select(p => p.Mean).ToArray();
        var band = plot.Add.FillY(xs, points.Select(p => p.Mean - p.Spread).ToArray(),
            points.Select(p => p.Mean + p.Spread).ToArray());
        band.FillColor = ChartStyle.Band;
        band.LineWidth = 0;
        var line = plot.Add.Scatter(xs, mean, ChartStyle.Series);
        line.LineWidth = 2.5f;
        line.MarkerSize = points.Count > 40 ? 0 : 5;
        ChartStyle.DateAxis(plot, points.Select(p => p.Date!.Value));
        var unit = string.IsNullOrWhiteSpace(data.Metric.Unit) ? "value" : data.Metric.Unit;
        ChartStyle.Labels(plot, null, "Period start", $"{data.Metric.Name} ({unit})");
        return plot;
    }
}
