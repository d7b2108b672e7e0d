using System.Data;
using System.Data.Common;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;
using Impact.Warehouse.Summaries;

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
    readonly StagedUpsert<KpiObservation>? staged;
    readonly SqliteKpiBatch? sqliteBatch;
    readonly IngestContext context;

    static readonly Column[] Keys =
        [new("metric_id", DbType.String), new("subject_id", DbType.String), new("period_start", DbType.String)];
    static readonly Column[] Values = [new("value", DbType.Double)];
    static readonly Column[] InsertOnly = [new("ingest_run_id", DbType.Int64)];

    KpiTable(IngestContext context, Dictionary<string, string> levels)
    {
        this.context = context;
        this.levels = levels;
        upsert = new Upsert(context.Connection, context.Dialect, "kpi_observations", Keys, Values, InsertOnly);
        if (context.Dialect.StagesBatches)
            staged = new StagedUpsert<KpiObservation>(context.Dialect, "kpi_observations", Keys, Values, InsertOnly,
                (row, v) => (v[0], v[1], v[2], v[3], v[4]) =
                    (row.MetricId, row.SubjectId, row.PeriodStart, row.Value, context.RunId))
            {
                Phases = context.Options.Phases,
            };
        else if (context.Dialect.Engine == Engine.Sqlite)
            sqliteBatch = new SqliteKpiBatch(context.RunId, context.Options.Phases);
    }

    public static async Task<KpiTable> OpenAsync(IngestContext context, CancellationToken ct)
    {
        var levels = (await context.Connection.QueryAsync<(string Id, string Level)>(new CommandDefinition(
            "SELECT metric_id, level FROM metrics", cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Level,
            StringComparer.Ordinal);
        return new KpiTable(context, levels);
    }

    /// <summary>Null when the metric is defined; else the reason.</summary>
    public string? CheckMetric(string metricId) => levels.ContainsKey(metricId) ? null
        : $"metric '{metricId}' is not defined: ingest its definition (metrics.json) first.";

    /// <summary>The subject id to store: pseudonymised for employee-level metrics.</summary>
    public string Subject(string metricId, string subjectId) =>
        levels[metricId] == "employee" ? context.Pseudonymizer.Employee(subjectId) : subjectId;

    /// <summary>The natural key: metric, subject, period.</summary>
    public static string KeyOf(KpiObservation row) => $"{row.MetricId}\u001f{row.SubjectId}\u001f{row.PeriodStart}";

    /// <summary>One row; its (metric, period) listed for the KPI group sums once per transaction when written.
    /// </summary>
    public async Task<RowOutcome> WriteAsync(KpiObservation row, DbTransaction tx, CancellationToken ct)
    {
        upsert["metric_id"] = row.MetricId;
        upsert["subject_id"] = row.SubjectId;
        upsert["period_start"] = row.PeriodStart;
        upsert["value"] = row.Value;
        upsert["ingest_run_id"] = context.RunId;
        var outcome = await upsert.RunAsync(tx, ct);
        if (!ReferenceEquals(listedIn, tx)) (listedIn, listed) = (tx, []);
        if (outcome != RowOutcome.Unchanged && listed.Add((row.MetricId, row.PeriodStart)))
            await KpiGroupStatsChanges.ListPairsAsync(tx, [(row.MetricId, row.PeriodStart)], ct);
        return outcome;
    }

    // The pairs listed in the current transaction: a rolled-back one is retried in a new transaction, which
    // lists them again.
    DbTransaction? listedIn;
    HashSet<(string Metric, string Period)> listed = [];

    /// <summary>
    /// A batch set-based (staged and merged, then its pairs listed for the KPI group sums from the staged rows)
    /// or, on SQLite, through the C API; null: row by row.
    /// </summary>
    public async Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<KpiObservation> rows, DbTransaction tx,
        CancellationToken ct)
    {
        if (sqliteBatch is not null) return await sqliteBatch.RunAsync(rows, tx, ct);
        if (staged is null) return null;
        var written = await staged.RunAsync(rows, tx, ct);
        if (written.Stored + written.Updated > 0)
            await tx.Connection!.ExecuteAsync(new CommandDefinition(
                KpiGroupStatsChanges.ListStaged(context.Dialect, context.Dialect.StageOf("kpi_observations")),
                transaction: tx, cancellationToken: ct));
        return written;
    }

    public ValueTask DisposeAsync()
    {
        sqliteBatch?.Dispose();
        return upsert.DisposeAsync();
    }
}
