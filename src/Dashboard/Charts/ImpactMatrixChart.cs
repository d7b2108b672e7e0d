using Impact.Dashboard.Display;
using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// Interventions down, performance metrics across; each cell coloured by its verdict and labelled with the
/// verdict and the effect, so the picture reads without the colours too.
/// </summary>
public static class ImpactMatrixChart
{
    public static Plot Build(string? title, IReadOnlyList<MatrixCell> cells)
    {
        if (cells.Count == 0) return ChartStyle.Empty("No intervention has been estimated on these metrics yet");
        var rows = cells.Select(c => c.Intervention).Distinct().ToList();
        var columns = cells.Select(c => c.Metric).Distinct().ToList();
        var plot = ChartStyle.New();
        foreach (var cell in cells)
        {
            var x = columns.IndexOf(cell.Metric);
            var y = rows.Count - 1 - rows.IndexOf(cell.Intervention);
            var box = plot.Add.Rectangle(x + 0.03, x + 0.97, y + 0.05, y + 0.95);
            box.FillColor = VerdictPalette.Of(cell.Verdict);
            box.LineWidth = 0;
            var words = cell.Effect.Length == 0
                ? VerdictDisplay.Label(cell.Verdict)
                : $"{VerdictDisplay.Label(cell.Verdict)}\n{cell.Effect}";
            var text = plot.Add.Text(words, x + 0.5, y + 0.5);
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontSize = 13;
            text.LabelFontColor = VerdictPalette.TextOn(cell.Verdict);
        }
        plot.Axes.Bottom.SetTicks(columns.Select((_, i) => i + 0.5).ToArray(),
            columns.Select(c => ChartStyle.Wrap(c, 18)).ToArray());
        plot.Axes.Left.SetTicks(rows.Select((_, i) => rows.Count - 1 - i + 0.5).ToArray(),
            rows.Select(r => ChartStyle.Wrap(r, 24)).ToArray());
        plot.Axes.SetLimits(0, columns.Count, 0, rows.Count);
        plot.Grid.IsVisible = false;
        ChartStyle.Labels(plot, title, "Performance metric", "Intervention");
        return plot;
    }
}
