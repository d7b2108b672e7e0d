namespace Impact.Models.Estimation;

public sealed record EventStudyPoint(int RelativePeriod, double Estimate, double CiLow, double CiHigh);

/// <summary>
/// One subgroup's effect; its q-value is from the Benjamini–Hochberg check across the pair's subgroups.
/// </summary>
public sealed record GroupEffect(string Group, string Label, double Estimate, double CiLow, double CiHigh, int NTreated)
{
    public double? PValue { get; init; }
    public double? QValue { get; init; }
}

/// <summary>
/// One intervention × metric result: the JSON object <c>impact estimate --json</c> prints (snake_case)
/// and <c>estimate_results.detail</c> stores. The first fields are what every estimate reports (effect,
/// interval, verdict, reason, sample sizes, checks); the rest are the detail the dashboard shows beside
/// them. Nulls mean "not computed or not meaningful", never 0.
/// </summary>
public sealed record PairResult
{
    public required string InterventionId { get; init; }
    public required string MetricId { get; init; }
    public required string Status { get; init; }
    public required string Verdict { get; init; }
    public required string Reason { get; init; }
    public double? Estimate { get; init; }
    public double? StdError { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? RelativeEffect { get; init; }
    public int NTreated { get; init; }
    public int NControl { get; init; }
    public double? NaiveDifference { get; init; }
    public double? DidEstimate { get; init; }
    public double? CompletionRate { get; init; }
    public double? PretrendP { get; init; }
    public string Method { get; init; } = "dr_did";
    public int? Anticipation { get; init; }
    public double? PlaceboP { get; init; }
    public double? EffectiveNControl { get; init; }
    public double? Robustness { get; init; }
    public double? SpecLow { get; init; }
    public double? SpecHigh { get; init; }
    public double? BenefitPerParticipant { get; init; }
    public double? Roi { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<EventStudyPoint> EventStudy { get; init; } = [];

    // Inference across many pairs, and what the interval can and cannot tell.
    /// <summary>The headline's two-sided p-value (t with clusters − 1 degrees of freedom).</summary>
    public double? PValue { get; init; }
    /// <summary>Benjamini–Hochberg q-value across the run's estimated pairs.</summary>
    public double? QValue { get; init; }
    /// <summary>
    /// Whether an improved or worsened verdict survives the run's false-discovery check (q below 5%).
    /// </summary>
    public bool? SurvivesFdr { get; init; }
    /// <summary>The smallest effect this estimate could detect: 80% power, two-sided 5% test.</summary>
    public double? MinimumDetectableEffect { get; init; }
    /// <summary>The metric owner's smallest change that matters, in the metric's units (null: not set).</summary>
    public double? SmallestMeaningfulChange { get; init; }
    /// <summary>"employee" or "team": the level standard errors and tests cluster at.</summary>
    public string? ClusterLevel { get; init; }
    public int? Clusters { get; init; }
    public string? ClusterReason { get; init; }
    /// <summary>The largest pre-period deviation from the comparison group, in the metric's units.</summary>
    public double? LargestPreDeviation { get; init; }
    /// <summary>
    /// How large a violation of parallel trends after completion, relative to the largest one seen before,
    /// would overturn the verdict (Rambachan &amp; Roth's relative-magnitude breakdown, on levels).
    /// </summary>
    public double? Breakdown { get; init; }
    public string? ParallelTrendsSensitivity { get; init; }
    /// <summary>The drop the dip probe found before completion (metric units) and its p-value, moved or not.</summary>
    public double? DipDepth { get; init; }
    public double? DipP { get; init; }

    // Detail beyond the list.
    public string? InterventionName { get; init; }
    public string? MetricName { get; init; }
    public string? Unit { get; init; }
    public string? Direction { get; init; }
    public int? PrePeriods { get; init; }
    public int? PostPeriods { get; init; }
    public double? IpwEstimate { get; init; }
    public double? OutcomeRegressionEstimate { get; init; }
    public double? LaggedOutcomeEstimate { get; init; }
    /// <summary>The doubly robust estimate with least-squares and logit nuisances (R DRDID's default).</summary>
    public double? DrLinearEstimate { get; init; }
    /// <summary>"lightgbm" or "linear": the headline's outcome model.</summary>
    public string? Nuisance { get; init; }
    /// <summary>Share of comparison people given no weight: they look like no completer's peer.</summary>
    public double? TrimmedComparisonShare { get; init; }
    /// <summary>
    /// Share of completers with no comparable comparison people (kept; the outcome model speaks for them).
    /// </summary>
    public double? CompletersOutsideSupport { get; init; }
    /// <summary>Share of comparison people used when the stack hit its row budget (null: all of them).</summary>
    public double? SampledComparisonShare { get; init; }
    /// <summary>Each cohort's reference period relative to its first post period (event-study zero).</summary>
    public int? EventStudyReference { get; init; }
    public string? Sensitivity { get; init; }
    public double? BenefitCiLow { get; init; }
    public double? BenefitCiHigh { get; init; }
    public string? Currency { get; init; }
    public IReadOnlyList<GroupEffect> Heterogeneity { get; init; } = [];
    public IReadOnlyList<string> HighPerformers { get; init; } = [];
}
