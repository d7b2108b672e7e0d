using System.Data;
using System.Data.Common;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Impact.Models.Panels;

/// <summary>
/// Reads one metric's KPI observations straight into its <see cref="KpiColumns"/>: no row object in between,
/// the metric id, known already, not read millions of times, and a subject looked up only when it differs from the
/// row before: rows in key order (subject, then period) come a subject at a time.
/// </summary>
static class KpiReader
{
    const string Query = "SELECT subject_id, period_start, value FROM kpi_observations WHERE metric_id = @metric_id";

    // SQLite walks the WITHOUT ROWID primary key for this (metric, subject, period) anyway, so the order is free.
    // Elsewhere an ORDER BY may make the server sort a third of the table (PostgreSQL's planner often prefers a
    // heap scan and a sort to an index scan that large): the builder takes rows as they come, sorts subjects once.
    const string InKeyOrder = Query + " ORDER BY subject_id, period_start";

    /// <param name="place">A period's text → its date, or null when the models cannot place it.</param>
    public static async Task<(KpiColumns Columns, SkippedKpis Skipped)> ReadAsync(DbConnection db, string metricId,
        Func<string, DateOnly?> place, CancellationToken ct)
    {
        var kpis = new KpiColumns.Builder(metricId, await RowsOfAsync(db, metricId, ct));
        var skipped = new SkippedKpis(metricId);
        if (db is SqliteConnection sqlite) ReadSqlite(sqlite, metricId, new PeriodTexts(place), kpis, skipped, ct);
        else await ReadAnyAsync(db, metricId, place, kpis, skipped, ct);
        return (kpis.Build(), skipped);
    }

    /// <summary>How many rows the metric has, from the per-period counts the write triggers keep (migration
    /// 0015): the arrays are sized once instead of doubling their way up to millions.</summary>
    static async Task<int> RowsOfAsync(DbConnection db, string metricId, CancellationToken ct) =>
        (int)Math.Min(Array.MaxLength, await db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT CAST(SUM(subjects) AS BIGINT) FROM kpi_period_stats WHERE metric_id = @metricId",
            new { metricId }, cancellationToken: ct)) ?? 0);

    /// <summary>PostgreSQL and SQL Server: typed getters on the provider's data reader.</summary>
    static async Task ReadAnyAsync(DbConnection db, string metricId, Func<string, DateOnly?> place,
        KpiColumns.Builder kpis, SkippedKpis skipped, CancellationToken ct)
    {
        // Each period's text placed once; a metric has a few dozen periods and millions of rows.
        var dates = new Dictionary<string, DateOnly?>(StringComparer.Ordinal);
        await using var command = db.CreateCommand();
        command.CommandText = Query;
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("@metric_id", metricId);
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        var subject = "";
        while (await reader.ReadAsync(ct))
        {
            var subjectId = reader.GetString(0);
            // One string per subject, not one per row, kept for the panel's units.
            if (!string.Equals(subjectId, subject, StringComparison.Ordinal)) subject = subjectId;
            var periodStart = reader.GetString(1);
            var value = reader.GetDouble(2);
            if (!dates.TryGetValue(periodStart, out var period)) dates[periodStart] = period = place(periodStart);
            if (period is { } placed && double.IsFinite(value)) kpis.Add(subject, placed, value);
            else skipped.Add(subject);
        }
    }

    /// <summary>
    /// SQLite: the statement stepped directly, each text column compared as the bytes SQLite holds. The data
    /// reader's <c>GetString</c> made two strings a row, which cost twice the engine's own time for the read;
    /// here a subject's id becomes a string once, when it changes, and a period's text once per metric.
    /// </summary>
    static void ReadSqlite(SqliteConnection db, string metricId, PeriodTexts periods, KpiColumns.Builder kpis,
        SkippedKpis skipped, CancellationToken ct)
    {
        Check(raw.sqlite3_prepare_v2(db.Handle, InKeyOrder, out var statement), db);
        try
        {
            Check(raw.sqlite3_bind_text(statement, 1, metricId), db);
            var subject = "";
            var subjectBytes = new byte[64];
            var subjectLength = -1;
            for (var row = 1L; ; row++)
            {
                var rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_DONE) break;
                if (rc != raw.SQLITE_ROW) Check(rc, db);
                if ((row & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                var id = raw.sqlite3_column_blob(statement, 0);
                if (subjectLength < 0 || !id.SequenceEqual(subjectBytes.AsSpan(0, subjectLength)))
                {
                    if (id.Length > subjectBytes.Length) subjectBytes = new byte[id.Length * 2];
                    id.CopyTo(subjectBytes);
                    subjectLength = id.Length;
                    subject = Encoding.UTF8.GetString(id);
                }
                var period = periods.Place(raw.sqlite3_column_blob(statement, 1));
                var value = raw.sqlite3_column_double(statement, 2);
                if (period is { } placed && double.IsFinite(value)) kpis.Add(subject, placed, value);
                else skipped.Add(subject);
            }
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }
    }

    static void Check(int rc, SqliteConnection db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
            SqliteException.ThrowExceptionForRC(rc, db.Handle);
    }

    /// <summary>
    /// Period texts as SQLite's bytes → date. Rows come a subject at a time in period order, so the period after
    /// the last one seen is tried first; only a miss (about once per subject) decodes the text to look it up.
    /// </summary>
    sealed class PeriodTexts(Func<string, DateOnly?> place)
    {
        readonly List<(byte[] Text, DateOnly? Date)> known = [];
        readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        int last = -1;

        public DateOnly? Place(ReadOnlySpan<byte> text)
        {
            var next = last + 1 < known.Count ? last + 1 : 0;
            if (next < known.Count && text.SequenceEqual(known[next].Text)) return known[last = next].Date;
            var decoded = Encoding.UTF8.GetString(text);
            if (!index.TryGetValue(decoded, out last))
            {
                index[decoded] = last = known.Count;
                known.Add((text.ToArray(), place(decoded)));
            }
            return known[last].Date;
        }
    }
}

/// <summary>KPI observations the models cannot place: how many, of how many subjects, of which metric.</summary>
sealed class SkippedKpis(string metricId)
{
    readonly HashSet<string> subjects = new(StringComparer.Ordinal);
    public int Count { get; private set; }

    public void Add(string subject)
    {
        Count++;
        subjects.Add(subject);
    }

    public string Sentence(string window) =>
        $"{Count:N0} observations of {metricId} ({subjects.Count:N0} subject(s)) dated outside {window} " +
        "or without a finite value were left out.";
}
