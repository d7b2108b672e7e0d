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
    /// <summary>
    /// Intervention id → when each unit was first touched by it, for deciding who may serve as a comparison.
    /// For employees it is <see cref="TreatedOn"/>; a team is touched by its first member's completion, long
    /// before half of it is through, so a partly treated team is never a comparison team.
    /// </summary>
    public IReadOnlyDictionary<string, DateOnly?[]>? ExposedOn { get; private set; }
    public required IReadOnlyDictionary<string, InterventionRow> Interventions { get; init; }
    /// <summary>Each employee's team (null: none recorded), for clustering; null for a panel of teams.</summary>
    public string?[]? Teams { get; private set; }
    /// <summary>
    /// Learning activity per unit beyond completions (name → value per unit): xAPI statements and hours
    /// for employee panels when the warehouse has them. Descriptive only: it feeds the high-performer
    /// comparison, never the causal estimates, since activity after an index date is not pre-treatment.
    /// </summary>
    public IReadOnlyDictionary<string, float[]> Activity { get; init; } = new Dictionary<string, float[]>();
    /// <summary>Units (employees or teams) in the organisation, treated or not, for completion rates.</summary>
    public int Population => UnitIds.Length;

    /// <summary>Sets what only one kind of panel has, as it is assembled.</summary>
    internal Panel With(string?[]? teams = null, IReadOnlyDictionary<string, DateOnly?[]>? exposedOn = null)
    {
        Teams = teams ?? Teams;
        ExposedOn = exposedOn ?? ExposedOn;
        return this;
    }

    public DateOnly?[] ExposureTo(string interventionId) =>
        ExposedOn?.GetValueOrDefault(interventionId) ?? TreatedOn[interventionId];

    public float Value(int unit, int period) => Values[unit * Periods.Count + period];

    public int FeatureCount => FeatureNames.Length;
}
