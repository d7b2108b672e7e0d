namespace Impact.Models.Outcomes;

public enum Direction { HigherIsBetter, LowerIsBetter }

public enum MetricLevel { Employee, Team }

/// <summary>
/// The only thing Impact's estimators accept as an outcome. It can be made only from a row of the
/// <c>metrics</c> table whose kind is <c>performance</c> (<see cref="FromMetricsRow"/>), or by tests
/// and the simulator inside this assembly: engagement survey items have no path into it. Jennings:
/// engagement surveys tell you about engagement, retention and wellbeing, not about performance.
/// </summary>
public sealed record PerformanceMetric
{
    public string Id { get; }
    public string Name { get; }
    public string? Unit { get; }
    public Direction Direction { get; }
    public MetricLevel Level { get; }
    /// <summary>What one unit of the metric is worth per subject and period, when the owner said so.</summary>
    public double? ValuePerUnit { get; }
    public string? Currency { get; }
    /// <summary>
    /// The smallest change the metric's owner counts as meaningful, in the metric's units: an interval inside
    /// ± this is "no meaningful effect"; one that crosses it is "inconclusive". Null: not set.
    /// </summary>
    public double? SmallestMeaningfulChange { get; }

    internal PerformanceMetric(string id, string name, string? unit, Direction direction, MetricLevel level,
        double? valuePerUnit, string? currency, double? smallestMeaningfulChange = null)
    {
        Id = id;
        Name = name;
        Unit = unit;
        Direction = direction;
        Level = level;
        ValuePerUnit = valuePerUnit;
        Currency = currency;
        SmallestMeaningfulChange = smallestMeaningfulChange is > 0 ? smallestMeaningfulChange : null;
    }

    /// <summary>Builds the outcome from a metrics row; refuses anything whose kind is not performance.</summary>
    public static PerformanceMetric FromMetricsRow(string id, string name, string? unit, string direction, string level,
        string kind, double? valuePerUnit, string? currency, double? smallestMeaningfulChange = null)
    {
        if (kind != "performance")
            throw new ArgumentException($"Metric {id} has kind '{kind}': only performance metrics can be an outcome.",
                nameof(kind));
        return new PerformanceMetric(id, name, unit,
            direction == "lower_is_better" ? Direction.LowerIsBetter : Direction.HigherIsBetter,
            level == "team" ? MetricLevel.Team : MetricLevel.Employee, valuePerUnit, currency,
            smallestMeaningfulChange);
    }

    /// <summary>+1 when a higher value is better, −1 when lower is better.</summary>
    public int Sign => Direction == Direction.HigherIsBetter ? 1 : -1;
}
