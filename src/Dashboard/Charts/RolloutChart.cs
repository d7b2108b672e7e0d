using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// How an intervention rolled out: the people who finished it per month as bars, so a reader sees whether it
/// went out in one wave or trickled in (a staggered rollout is what lets the event study compare early and late
/// finishers).
/// </summary>
public static class RolloutChart
{
    public static Plot Build(string? title, string intervention, IReadOnlyList<CompletionWave> waves)
    {
        if (waves.Count == 0) return ChartStyle.Empty($"Nobody has finished {intervention} yet");
        var plot = ChartStyle.New();
        var bars = plot.Add.Bars(waves.Select(w => new Bar
        {
            Position = ChartStyle.X(w.Period), Value = w.Completers, Size = 20, FillColor = ChartStyle.Series,
            LineWidth = 0,
        }).ToList());
        plot.Axes.Margins(bottom: 0);
        ChartStyle.DateAxis(plot, waves.Select(w => w.Period));
        ChartStyle.Labels(plot, title, "Month", "People finishing");
        return plot;
    }
}
