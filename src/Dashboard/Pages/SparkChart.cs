using Impact.Dashboard.Charts;
using ScottPlot;

namespace Impact.Dashboard.Pages;

/// <summary>The overview's small trend: mean per period, dated axis, the unit on the side.</summary>
public static class SparkChart
{
    public const int Width = 360, Height = 150;

    public static byte[] Render(Metrics.DetailModel.Result? data) => ChartStyle.Png(Build(data), Width, Height);

    static Plot Build(Metrics.DetailModel.Result? data)
    {
        var points = data?.Trend.Where(p => p.Date is not null).ToList() ?? [];
        if (data is null || points.Count == 0) return ChartStyle.Empty("No observations yet");

        var plot = ChartStyle.New();
        var line = plot.Add.Scatter(
            points.Select(p => p.Date!.Value.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray(),
            points.Select(p => p.Mean).ToArray(), ChartStyle.Series);
        line.LineWidth = 2;
        line.MarkerSize = points.Count > 30 ? 0 : 3;
        ChartStyle.DateAxis(plot, points.Select(p => p.Date!.Value), 3);
        ChartStyle.Labels(plot, null, "", string.IsNullOrWhiteSpace(data.Metric.Unit) ? "mean"
            : $"mean ({data.Metric.Unit})", 11);
        return plot;
    }
}
