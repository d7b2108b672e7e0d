using System.Data.Common;
using Dapper;

namespace Impact.Warehouse.Summaries;

/// <summary>
/// How a KPI batch lists the (metric, period) pairs it stored or updated rows in, for the next refresh of the
/// KPI group sums to sum again (migration 0022): in the batch's own transaction, so the list and the rows commit
/// or roll back together, and once per batch, never per row. People changing group are listed by the triggers.
/// </summary>
public static class KpiGroupStatsChanges
{
    const string Table = "kpi_group_stats_touched";

    /// <summary>Lists the given pairs (each at most once per batch is enough; a pair listed already stays).</summary>
    public static async Task ListPairsAsync(DbTransaction tx, IEnumerable<(string Metric, string Period)> pairs,
        CancellationToken ct)
    {
        var sql = Dialect.Of(tx.Connection!).InsertIfAbsent(Table, ["metric_id", "period_start"], []);
        foreach (var (metric, period) in pairs)
            await tx.Connection!.ExecuteAsync(new CommandDefinition(sql,
                new { metric_id = metric, period_start = period }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Lists the pairs of every row staged for the batch (<see cref="Dialect.StageOf"/>): one statement, in key
    /// order so two loads lock the same pairs in the same order. Unchanged staged rows are listed too: the
    /// refresh then sums a slice again that did not change, which costs time, never a wrong figure.
    /// </summary>
    public static string ListStaged(Dialect dialect, string stage) => dialect.Engine == Engine.SqlServer
        ? $"INSERT INTO {Table} (metric_id, period_start) SELECT DISTINCT s.metric_id, s.period_start FROM {stage} s " +
          $"WHERE NOT EXISTS (SELECT 1 FROM {Table} t WITH (UPDLOCK, HOLDLOCK) " +
          "WHERE t.metric_id = s.metric_id AND t.period_start = s.period_start)"
        : $"INSERT INTO {Table} (metric_id, period_start) SELECT DISTINCT metric_id, period_start FROM {stage} " +
          "ORDER BY metric_id, period_start ON CONFLICT (metric_id, period_start) DO NOTHING";
}
