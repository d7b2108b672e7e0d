using Impact.Dashboard.Display;
using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// Benefit per participant with its 95% interval, one bar per intervention × metric whose value can be
/// claimed, each labelled with its return per unit spent. Which pairs qualify is the caller's rule
/// (a value per unit, a cost, an interval that excludes zero); with none, the chart says so.
/// </summary>
public static class ValueChart
{
    public static Plot Build(string? title, string currency, IReadOnlyList<ValueBar> bars, string whyNone)
    {
        if (bars.Count == 0) return ChartStyle.Empty(ChartStyle.Wrap(whyNone, 70));
        var plot = ChartStyle.New();
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = bars.Count - 1 - i;
            plot.Add.Bar(new Bar
            {
                Position = y, Value = bar.Benefit, Orientation = Orientation.Horizontal, Size = 0.55,
                FillColor = VerdictPalette.Of(Models.Estimation.Verdicts.Improved), LineWidth = 0,
            });
            var whisker = plot.Add.Line(bar.Low, y, bar.High, y);
            whisker.LineColor = ChartStyle.Ink;
            whisker.LineWidth = 2;
            // Return per unit spent is (benefit − cost) / cost; "worth 67% of its cost" reads plainer than −33%.
            var roi = bar.Roi is { } r ? $"  ({Format.Percent(1 + r)} of its cost)" : "  (cost unknown)";
            var label = plot.Add.Text($"{Format.Number(bar.Benefit, 0)} {currency}{roi}", Math.Max(bar.High, 0), y);
            label.LabelAlignment = Alignment.MiddleLeft;
            label.LabelFontSize = 12;
            label.LabelFontColor = ChartStyle.Ink;
        }
        plot.Add.VerticalLine(0, 1, ChartStyle.Muted);
        plot.Axes.Left.SetTicks(bars.Select((_, i) => (double)(bars.Count - 1 - i)).ToArray(),
            bars.Select(b => ChartStyle.Wrap(b.Label, 28)).ToArray());
        var right = bars.Max(b => Math.Max(b.High, b.Benefit));
        var left = Math.Min(0, bars.Min(b => b.Low));
        // Room on the right for the labels, which are drawn in data units.
        plot.Axes.SetLimitsX(left, right + (right - left) * 0.9);
        plot.Axes.SetLimitsY(-0.7, bars.Count - 0.3);
        ChartStyle.Labels(plot, title, $"Benefit per participant ({currency}), 95% interval", "");
        return plot;
    }
}
