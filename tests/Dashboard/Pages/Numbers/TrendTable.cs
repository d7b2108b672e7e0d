namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>A metric page's trend table (subjects, mean, SD, min and max per period) worked out here from the
/// observations a test reads, and compared with the page's at two decimals.</summary>
public static class TrendTable
{
    public sealed record Period(string Start, int Subjects, double Mean, double Sd, double Min, double Max);

    /// <summary>Per period: the sample standard deviation (n − 1), 0 for a single subject.</summary>
    public static List<Period> Of(IEnumerable<(string Period, double Value)> observations) => observations
        .GroupBy(o => o.Period).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var values = g.Select(o => o.Value).ToList();
            var mean = values.Average();
            var sd = values.Count < 2 ? 0
                : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
            return new Period(g.Key, values.Count, mean, sd, values.Min(), values.Max());
        }).ToList();

    public static void Check(string what, string html, List<Period> trend, Figures figures)
    {
        var table = PageHtml.TablesHeaded(html, "Period start", "Subjects", "Mean", "SD", "Min", "Max")
            .SingleOrDefault();
        figures.Count($"{what} trend periods", table?.Rows.Count.ToString() ?? "0", trend.Count);
        foreach (var (row, p) in (table?.Rows ?? []).Zip(trend))
        {
            var t = row.Texts;
            var where = $"{what} trend {p.Start}";
            figures.Words(where, t[0], p.Start);
            figures.Count(where + " subjects", t[1], p.Subjects);
            figures.Number(where + " mean", t[2], p.Mean, 2);
            figures.Number(where + " SD", t[3], p.Sd, 2);
            figures.Number(where + " min", t[4], p.Min, 2);
            figures.Number(where + " max", t[5], p.Max, 2);
        }
    }
}
