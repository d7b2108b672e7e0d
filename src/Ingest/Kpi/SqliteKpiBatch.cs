using System.Data.Common;
using Microsoft.Data.Sqlite;
using Impact.Warehouse.Summaries;
using SQLitePCL;

namespace Impact.Ingest.Kpi;

/// <summary>
/// A KPI batch on SQLite at the speed of SQLite's own C API. Through <see cref="SqliteCommand"/> a prepared
/// statement still costs several microseconds per row (each parameter looked up by name, each value boxed),
/// most of a load's time at a million rows; here the two statements are prepared once on the connection's
/// handle and bound by position (text as UTF-16, which SQLite converts itself), as <c>sqlite3 .import</c>
/// does. Each row: INSERT … ON CONFLICT DO NOTHING, and only when its key was there already an UPDATE where
/// the value differs; <c>sqlite3_changes</c> says which happened.
/// <para>The new rows' per-period sums go into <c>kpi_period_stats</c> once per batch and period, while the
/// guard row of migration 0018 keeps the row trigger from adding them again row by row; an updated row's
/// change still goes through the update trigger, which reads a period's extremes again when one leaves.</para>
/// </summary>
sealed class SqliteKpiBatch(long runId, Pipeline.PhaseTimes? phases) : IDisposable
{
    const string InsertNew = """
        INSERT INTO kpi_observations (metric_id, subject_id, period_start, value, ingest_run_id)
        VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING
        """;

    const string UpdateChanged = """
        UPDATE kpi_observations SET value = ?4
        WHERE metric_id = ?1 AND subject_id = ?2 AND period_start = ?3 AND value IS NOT ?4
        """;

    const string AddPeriod = """
        INSERT INTO kpi_period_stats (metric_id, period_start, subjects, total, squares, low, high)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (metric_id, period_start) DO UPDATE SET subjects = subjects + excluded.subjects,
            total = total + excluded.total, squares = squares + excluded.squares,
            low = min(low, excluded.low), high = max(high, excluded.high)
        """;

    sqlite3? db;
    sqlite3_stmt? insert, update, addPeriod;

    public async Task<Pipeline.BatchWrite> RunAsync(IReadOnlyList<KpiObservation> rows, DbTransaction tx,
        CancellationToken ct)
    {
        Prepare(tx);
        await ExecuteAsync(tx, "INSERT INTO kpi_period_stats_batch (writing) VALUES (1)", ct);
        var periods = new Dictionary<(string Metric, string Period), PeriodSums>();
        var corrected = new HashSet<(string Metric, string Period)>();
        long stored = 0, updated = 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < rows.Count; i++)
        {
            if ((i & 4095) == 0) ct.ThrowIfCancellationRequested();
            var row = rows[i];
            Bind(insert!, row);
            raw.sqlite3_bind_int64(insert, 5, runId);
            if (Step(insert!) == 1)
            {
                stored++;
                var key = (row.MetricId, row.PeriodStart);
                periods[key] = periods.GetValueOrDefault(key).With(row.Value);
                continue;
            }
            Bind(update!, row);
            if (Step(update!) == 0) continue;
            updated++;
            corrected.Add((row.MetricId, row.PeriodStart));
        }
        phases?.Add("kpi_observations: insert or update each row", started);
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var ((metric, period), sums) in periods)
        {
            raw.sqlite3_bind_text16(addPeriod, 1, metric);
            raw.sqlite3_bind_text16(addPeriod, 2, period);
            raw.sqlite3_bind_int64(addPeriod, 3, sums.Subjects);
            raw.sqlite3_bind_double(addPeriod, 4, sums.Total);
            raw.sqlite3_bind_double(addPeriod, 5, sums.Squares);
            raw.sqlite3_bind_double(addPeriod, 6, sums.Low);
            raw.sqlite3_bind_double(addPeriod, 7, sums.High);
            Step(addPeriod!);
        }
        await ExecuteAsync(tx, "DELETE FROM kpi_period_stats_batch", ct);
        corrected.UnionWith(periods.Keys);
        await KpiGroupStatsChanges.ListPairsAsync(tx, corrected, ct);
        phases?.Add("kpi_observations: per-period sums", started);
        return new Pipeline.BatchWrite(stored, updated, rows.Count - stored - updated);
    }

    // After a dropped connection the run goes on on a new one: the statements follow it.
    void Prepare(DbTransaction tx)
    {
        var connection = (SqliteConnection)tx.Connection!;
        if (ReferenceEquals(db, connection.Handle)) return;
        Dispose();
        db = connection.Handle!;
        // A file in period order puts each batch's rows on thousands of leaf pages across the key: with SQLite's
        // default 2 MB cache they are read and spilled again batch after batch (1.44M such rows: 26.5 s with
        // it, 18.5 s with 64 MB). The cache grows only as pages are read, and stays with the pooled connection.
        using (var cache = connection.CreateCommand())
        {
            cache.Transaction = (SqliteTransaction)tx;
            cache.CommandText = "PRAGMA cache_size = -65536";
            cache.ExecuteNonQuery();
        }
        insert = Prepared(InsertNew);
        update = Prepared(UpdateChanged);
        addPeriod = Prepared(AddPeriod);
    }

    sqlite3_stmt Prepared(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        return statement;
    }

    static void Bind(sqlite3_stmt statement, KpiObservation row)
    {
        raw.sqlite3_bind_text16(statement, 1, row.MetricId);
        raw.sqlite3_bind_text16(statement, 2, row.SubjectId);
        raw.sqlite3_bind_text16(statement, 3, row.PeriodStart);
        raw.sqlite3_bind_double(statement, 4, row.Value);
    }

    /// <summary>Runs a bound statement to its end; how many rows it changed.</summary>
    int Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
        return raw.sqlite3_changes(db);
    }

    static async Task ExecuteAsync(DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public void Dispose()
    {
        insert?.Dispose();
        update?.Dispose();
        addPeriod?.Dispose();
        (insert, update, addPeriod) = (null, null, null);
    }

    /// <summary>A period's new rows: how many, their sum and sum of squares, the lowest and the highest.</summary>
    readonly record struct PeriodSums(long Subjects, double Total, double Squares, double Low, double High)
    {
        public PeriodSums With(double value) => Subjects == 0 ? new PeriodSums(1, value, value * value, value, value)
            : new PeriodSums(Subjects + 1, Total + value, Squares + value * value, Math.Min(Low, value),
                Math.Max(High, value));
    }
}
