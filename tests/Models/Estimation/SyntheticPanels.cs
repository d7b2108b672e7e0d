using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Tests.Models.Estimation;

/// <summary>Small hand-made panels: monthly periods from January 2024, completions on a period's first day.</summary>
static class SyntheticPanels
{
    public static readonly PerformanceMetric Score =
        new("score", "Score", "points", Direction.HigherIsBetter, MetricLevel.Employee, null, null);

    /// <param name="value">Unit, period → value.</param>
    /// <param name="firstPost">Unit → its first post period (completion on that period's first day), or null.</param>
    /// <param name="team">Unit → its team, for clustering (null: no teams recorded).</param>
    public static Panel Make(int units, int periods, Func<int, int, double> value, Func<int, int?> firstPost,
        Func<int, string>? team = null, PerformanceMetric? metric = null, int seed = 1)
    {
        var start = new DateOnly(2024, 1, 1);
        var random = new Random(seed);
        var values = new float[units * periods];
        for (var u = 0; u < units; u++)
            for (var t = 0; t < periods; t++) values[u * periods + t] = (float)value(u, t);
        var panel = new Panel
        {
            Metric = metric ?? Score,
            Periods = new Periods(Enumerable.Range(0, periods).Select(t => start.AddMonths(t)).ToList()),
            UnitIds = Enumerable.Range(0, units).Select(u => $"U{u:0000}").ToArray(), Values = values,
            // One feature of pure noise: the nuisance models need something to learn from, and must learn nothing.
            FeatureNames = ["noise"],
            Features = Enumerable.Range(0, units).Select(_ => (float)random.NextDouble()).ToArray(),
            Groups = new Dictionary<string, string?[]>(),
            TreatedOn = new Dictionary<string, DateOnly?[]>
            {
                ["course"] = Enumerable.Range(0, units)
                    .Select(u => firstPost(u) is { } p ? start.AddMonths(p) : (DateOnly?)null).ToArray(),
            },
            Interventions = new Dictionary<string, InterventionRow>
            {
                ["course"] = new("course", "Course", "training", 100, "EUR"),
            },
        };
        return team is null
            ? panel
            : panel.With(teams: Enumerable.Range(0, units).Select(u => (string?)team(u)).ToArray());
    }

    /// <summary>A standard normal draw from <paramref name="random"/>.</summary>
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
