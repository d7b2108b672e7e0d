using Impact.Dashboard.Charts;
using Impact.Models.Estimation;

namespace Impact.Dashboard.Exports;

/// <summary>A chart as the brief shows it, with the caption under it.</summary>
public sealed record BriefChart(PackChart Chart, string Caption);

/// <summary>
/// The two charts the one-page brief has room for: the impact matrix and the completion picture that misleads
/// most. A run with many interventions would squeeze their labels into each other, so the brief draws them
/// from the few interventions with the most to say (an effect, then a misleading completion report, then an
/// estimate) and its caption says how many are left to the deck.
/// </summary>
public static class BriefCharts
{
    /// <summary>Rows the matrix has room for on the page.</summary>
    public const int MaxInterventions = 5;

    /// <summary>Rows the completion picture has room for (each row is a name and its completion rate).</summary>
    public const int MaxCompletionRows = 4;

    public static IReadOnlyList<BriefChart> For(PackData pack)
    {
        var ranked = pack.Pairs.GroupBy(p => p.InterventionId)
            .OrderBy(i => i.Min(Rank)).ThenBy(i => i.First().Intervention, StringComparer.Ordinal)
            .Select(i => i.Key).ToList();
        var matrix = Charts(pack, ranked, MaxInterventions).Where(c => c.Chart.Name == "impact-matrix")
            .Select(c => c with { Caption = PackCharts.MatrixTitle(pack) + "." + c.Caption });
        var completion = Charts(pack, ranked, MaxCompletionRows)
            .Where(c => c.Chart.Name.StartsWith("completion-vs-impact", StringComparison.Ordinal))
            .OrderBy(c => c.Chart.Title.Contains("misstates", StringComparison.Ordinal) ? 0 : 1).Take(1)
            .Select(c => c with { Caption = c.Chart.Title + "." + c.Caption });
        return [.. matrix, .. completion];
    }

    /// <summary>The pack's charts drawn from its first <paramref name="rows"/> interventions, each captioned
    /// with how many were left out (empty when none were).</summary>
    static IEnumerable<BriefChart> Charts(PackData pack, IReadOnlyList<string> ranked, int rows)
    {
        var shown = ranked.Take(rows).ToHashSet();
        var cut = ranked.Count > rows
            ? $" The {rows} of {ranked.Count} interventions with the most to say are shown; the deck has every one."
            : "";
        var pairs = pack.Pairs.Where(p => shown.Contains(p.InterventionId)).ToList();
        return PackCharts.For(pack with { Pairs = pairs }).Select(c => new BriefChart(c, cut));
    }

    /// <summary>The brief's picture of a chart: the page's full width and as tall as its rows need, so its text
    /// prints at about 9 pt and two charts fit on the page with the findings.</summary>
    public static byte[] Image(PackChart chart)
    {
        var rows = chart.Table.Rows.Select(r => r[0]).Distinct().Count();
        var height = chart.Name == "impact-matrix" ? 70 + 34 * Math.Min(rows, MaxInterventions)
            : 110 + 40 * Math.Min(rows, MaxCompletionRows);
        return ChartStyle.Png(chart.Draw(null), 720, height);
    }

    static int Rank(PackPair p) =>
        p.Verdict is Verdicts.Improved or Verdicts.Worsened ? 0
        : p.Estimated && Headlines.Misleads(p.Parsed) ? 1
        : p.Estimated ? 2 : 3;
}
