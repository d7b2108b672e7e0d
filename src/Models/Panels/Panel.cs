using Impact.Models.Outcomes;

namespace Impact.Models.Panels;

/// <summary>
/// One performance metric as a units × periods matrix (NaN where unobserved), with each unit's
/// pre-treatment features, its groups for heterogeneity, and when it was treated by each intervention.
/// Units are employees for employee-level metrics and teams for team-level ones.
/// </summary>
public sealed class Panel
{
    public required PerformanceMetric Metric { get; init; }
    public required Periods Periods { get; init; }
    public required string[] UnitIds { get; init; }
    /// <summary>Unit-major: value of unit u in period t is <c>Values[u * Periods.Count + t]</c>.</summary>
    public required float[] Values { get; init; }
    public required string[] FeatureNames { get; init; }
    /// <summary>Unit-major static features, <c>FeatureNames.Length</c> per unit.</summary>
    public required float[] Features { get; init; }
    /// <summary>Heterogeneity groups (role, team, tenure band, categorical attributes): group name → label per
    /// unit.</summary>
    public required IReadOnlyDictionary<string, string?[]> Groups { get; init; }
    /// <summary>Intervention id → each unit's first finished completion (null: never).</summary>
    public required IReadOnlyDictionary<string, DateOnly?[]> TreatedOn { get; init; }
    public required IReadOnlyDictionary<string, InterventionRow> Interventions { get; init; }
    /// <summary>
    /// Learning activity per unit beyond completions (name → value per unit): xAPI statements and hours
    /// for employee panels when the warehouse has them. Descriptive only: it feeds the high-performer
    /// comparison, never the causal estimates, since activity after an index date is not pre-treatment.
    /// </summary>
    public IReadOnlyDictionary<string, float[]> Activity { get; init; } = new Dictionary<string, float[]>();
    /// <summary>Units (employees or teams) in the organisation, treated or not, for completion rates.</summary>
    public int Population => UnitIds.Length;

    public float Value(int unit, int period) => Values[unit * Periods.Count + period];

    public int FeatureCount => FeatureNames.Length;
}
