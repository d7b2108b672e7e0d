using Impact.Dashboard.Display;
using Impact.Models.Panels;
using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// "Who it worked for": one row per group (role, team, tenure band, attribute value) with the effect as a dot and
/// its 95% interval as a whisker, beside a dashed zero line — a reader sees at once whether groups differ by more
/// than their uncertainty. Groups keep the order the page's table uses, so chart and table read alike.
/// </summary>
public static class SubgroupChart
{
    /// <summary>Pixels per group row, so labels never run into each other however many groups were estimated.
    /// </summary>
    public const int RowHeight = 30;

    public static int Height(int groups) => 90 + RowHeight * Math.Max(1, groups);

    /// <summary>By kind of group; tenure bands shortest first (ordered by effect they would read as a jumble of
    /// years), every other kind by effect, largest first.</summary>
    public static IReadOnlyList<SubgroupEffect> Ordered(IEnumerable<SubgroupEffect> groups) =>
        groups.OrderBy(g => g.Group, StringComparer.Ordinal).ThenBy(TenureRank).ThenByDescending(g => g.Estimate)
            .ToList();

    static int TenureRank(SubgroupEffect g) =>
        g.Group == PanelBuilder.TenureGroup ? PanelBuilder.TenureBands.ToList().IndexOf(g.Label) : 0;

    public static Plot Build(string? title, Measure metric, IReadOnlyList<SubgroupEffect> groups)
    {
        if (groups.Count == 0) return ChartStyle.Empty("No group was big enough to estimate");
        var rows = Ordered(groups);
        var plot = ChartStyle.New();
        plot.Add.VerticalLine(0, 1, ChartStyle.Muted, LinePattern.Dashed);
        for (var i = 0; i < rows.Count; i++)
        {
            var y = rows.Count - 1 - i;
            if (rows[i].CiLow is { } low && rows[i].CiHigh is { } high)
            {
                var whisker = plot.Add.Line(low, y, high, y);
                whisker.LineColor = ChartStyle.Series;
                whisker.LineWidth = 3;
            }
            var dot = plot.Add.Marker(rows[i].Estimate, y, MarkerShape.FilledCircle, 11, ChartStyle.Series);
            dot.MarkerLineColor = ChartStyle.Ink;
            dot.MarkerLineWidth = 1;
        }
        plot.Axes.Left.SetTicks(rows.Select((_, i) => (double)(rows.Count - 1 - i)).ToArray(),
            rows.Select(Label).ToArray());
        plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
        ChartStyle.Labels(plot, title, $"Effect on {metric.Axis}, with 95% interval", "");
        return plot;
    }

    static string Label(SubgroupEffect g) =>
        $"{Format.Words(g.Group)}: {g.Label}" + (g.NTreated is { } n ? $" ({Format.Count(n)})" : "");
}
