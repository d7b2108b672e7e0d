using System.Data;
using System.Data.Common;
using Dapper;
using Impact.Ingest.Pipeline;

namespace Impact.Ingest.Kpi;

/// <summary>
/// Writing KPI observations, shared by the CSV and SQL sources: the metric lookup (a KPI for an
/// undefined metric is refused; employee-level subjects are pseudonymised) and the upsert on
/// metric + subject + period.
/// </summary>
public sealed class KpiTable : IAsyncDisposable
{
    readonly Dictionary<string, string> levels;
    readonly Upsert upsert;
    readonly IngestContext context;

    KpiTable(IngestContext context, Dictionary<string, string> levels)
    {
        this.context = context;
        this.levels = levels;
        upsert = new Upsert(context.Connection, context.Dialect, "kpi_observations",
            [new("metric_id", DbType.String), new("subject_id", DbType.String), new("period_start", DbType.String)],
            [new("value", DbType.Double)],
            [new("ingest_run_id", DbType.Int64)]);
    }

    public static async Task<KpiTable> OpenAsync(IngestContext context, CancellationToken ct)
    {
        var levels = (await context.Connection.QueryAsync<(string Id, string Level)>(new CommandDefinition(
            "SELECT metric_id, level FROM metrics", cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Level, StringComparer.Ordinal);
        return new KpiTable(context, levels);
    }

    /// <summary>Null when the metric is defined; else the reason.</summary>
    public string? CheckMetric(string metricId) => levels.ContainsKey(metricId) ? null
        : $"metric '{metricId}' is not defined: ingest its definition (metrics.json) first.";

    /// <summary>The subject id to store: pseudonymised for employee-level metrics.</summary>
    public string Subject(string metricId, string subjectId) =>
        levels[metricId] == "employee" ? context.Pseudonymizer.Employee(subjectId) : subjectId;

    public Task<RowOutcome> WriteAsync(KpiObservation row, DbTransaction tx, CancellationToken ct)
    {
        upsert[0] = row.MetricId;
        upsert[1] = row.SubjectId;
        upsert[2] = row.PeriodStart;
        upsert[3] = row.Value;
        upsert[4] = context.RunId;
        return upsert.RunAsync(tx, ct);
    }

    public ValueTask DisposeAsync() => upsert.DisposeAsync();
}
