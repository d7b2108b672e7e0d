namespace Impact.Ingest.Kpi;

/// <summary>One KPI value: metric, subject (employee or team), first day of the period (ISO text).</summary>
public sealed record KpiObservation(string MetricId, string SubjectId, string PeriodStart, double Value);
