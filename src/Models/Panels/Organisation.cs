using Impact.Models.Outcomes;

namespace Impact.Models.Panels;

public sealed record EmployeeRow(string Id, string? TeamId, string? Role, DateOnly? HireDate, string? Location,
    IReadOnlyDictionary<string, string?> Attributes);

public sealed record InterventionRow(string Id, string Name, string Kind, double? CostPerParticipant, string? Currency);

public sealed record CompletionRow(string EmployeeId, string InterventionId, DateOnly CompletedOn, string Status);

/// <summary>One observation. A struct: an organisation has millions, and as objects every full garbage
/// collection would have to walk each of them.</summary>
public readonly record struct KpiRow(string MetricId, string SubjectId, DateOnly PeriodStart, double Value);

/// <summary>
/// Everything the models read about an organisation, in memory: who works where, what learning
/// they did, and how their performance metrics went. Survey data has no place here by design.
/// </summary>
public sealed record Organisation(
    IReadOnlyList<EmployeeRow> Employees,
    IReadOnlyDictionary<string, bool> AttributeIsNumeric,
    IReadOnlyList<InterventionRow> Interventions,
    IReadOnlyList<CompletionRow> Completions,
    IReadOnlyList<PerformanceMetric> Metrics,
    IReadOnlyList<KpiRow> Kpis)
{
    /// <summary>Completions that count as treatment: finished (completed or passed), not just started.</summary>
    public IEnumerable<CompletionRow> Finished => Completions.Where(c => c.Status is "completed" or "passed");
}
