using Impact.Models.Outcomes;

namespace Impact.Models.Panels;

public sealed record EmployeeRow(string Id, string? TeamId, string? Role, DateOnly? HireDate, string? Location,
    IReadOnlyDictionary<string, string?> Attributes);

public sealed record InterventionRow(string Id, string Name, string Kind, double? CostPerParticipant, string? Currency);

public sealed record CompletionRow(string EmployeeId, string InterventionId, DateOnly CompletedOn, string Status);

/// <summary>One observation. A struct: an organisation has millions, and as objects every full garbage
/// collection would have to walk each of them.</summary>
public readonly record struct KpiRow(string MetricId, string SubjectId, DateOnly PeriodStart, double Value);

/// <summary>What an employee's xAPI statements add up to (voided ones left out): how much learning activity
/// the LRS saw, whether or not it ended in a completion.</summary>
public sealed record XapiActivity(int Statements, double Hours);

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
    /// <summary>Employee id → xAPI activity; empty when no LRS or statement file was ingested.</summary>
    public IReadOnlyDictionary<string, XapiActivity> Xapi { get; init; } = new Dictionary<string, XapiActivity>();

    /// <summary>
    /// What the reader left out because the models cannot place it in time (a date outside the plausible
    /// window, or unreadable): one sentence each, reported with the run instead of failing it.
    /// </summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    /// <summary>One metric's observations as columns: as read when <see cref="Kpis"/> came from the warehouse,
    /// gathered from the rows otherwise.</summary>
    public KpiColumns KpisOf(string metricId) =>
        (Kpis as ColumnarKpis)?.Of(metricId) ?? KpiColumns.From(Kpis, metricId);

    /// <summary>Completions that count as treatment: <see cref="Panels.Finished"/>, not just started.</summary>
    public IEnumerable<CompletionRow> Finished => Completions.Where(c => Panels.Finished.Includes(c.Status));
}
