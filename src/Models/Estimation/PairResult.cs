namespace Impact.Models.Estimation;

public sealed record EventStudyPoint(int RelativePeriod, double Estimate, double CiLow, double CiHigh);

public sealed record GroupEffect(string Group, string Label, double Estimate, double CiLow, double CiHigh, int NTreated);

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
    public double? TrimmedShare { get; init; }
    public double? RandomPlaceboP { get; init; }
    public string? Sensitivity { get; init; }
    public double? BenefitCiLow { get; init; }
    public double? BenefitCiHigh { get; init; }
    public string? Currency { get; init; }
    public IReadOnlyList<GroupEffect> Heterogeneity { get; init; } = [];
    public IReadOnlyList<string> HighPerformers { get; init; } = [];
}
