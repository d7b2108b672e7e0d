using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using Impact.Ingest.Kpi;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Sql;

/// <summary>
/// <c>kpi-sql</c>: KPI rows straight from an operational database. The configured query returns
/// <c>metric_id, subject_id, period_start, value</c> and optionally <c>changed_at</c>, and receives
/// <c>@since</c> (text: the previous run's watermark, 1900-01-01T00:00:00 on the first run; cast it in the
/// query if the column is a timestamp). The watermark — the largest changed_at, else period_start — is
/// kept in source_watermarks under <c>sql:&lt;name&gt;</c> by real runs only, so the next run reads only news.
/// Rows stream from a Dapper reader; validation and storage are the kpi source's.
/// </summary>
public sealed class SqlKpiSource(SqlConnectionSettings settings) : IIngestSource<KpiObservation>
{
    public const string FirstSince = "1900-01-01T00:00:00";

    public string Name => "kpi-sql";
    public string Location => "sql:" + settings.Name;
    public InputKind Kind => InputKind.None;

    IngestContext context = null!;
    KpiTable table = null!;
    string since = FirstSince;
    string? newest;

    string WatermarkKey => "sql:" + settings.Name;

    public async Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        this.context = context;
        table = await KpiTable.OpenAsync(context, ct);
        since = await context.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT watermark FROM source_watermarks WHERE source_key = @key", new { key = WatermarkKey },
            cancellationToken: ct)) ?? FirstSince;
    }

    public async IAsyncEnumerable<Checked<KpiObservation>> ReadAsync(IngestContext context,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var operational = new Database(settings.Target);
        await using var connection = await operational.OpenAsync(ct);
        DbDataReader reader;
        try
        {
            reader = await connection.ExecuteReaderAsync(new CommandDefinition(settings.Query, new { since },
                cancellationToken: ct));
        }
        catch (DbException e)
        {
            throw new ImpactException($"The query of SQL source '{settings.Name}' failed on {settings.Target}: " +
                $"{e.Message.Trim().TrimEnd('.')}.", e);
        }

        await using var owned = reader;
        var columns = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i,
            StringComparer.OrdinalIgnoreCase);
        var missing = new[] { "metric_id", "subject_id", "period_start", "value" }.Where(c =>
            !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new ImpactException($"The query of SQL source '{settings.Name}' returns no " +
                $"column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; it returns: " +
                $"{string.Join(", ", columns.Keys)}.");
        var (metric, subject, period, value) = (columns["metric_id"], columns["subject_id"], columns["period_start"],
            columns["value"]);
        var changed = columns.GetValueOrDefault("changed_at", -1);

        long row = 0;
        while (await reader.ReadAsync(ct))
        {
            row++;
            yield return Check(reader, row, metric, subject, period, value, changed);
        }
    }

    Checked<KpiObservation> Check(DbDataReader r, long row, int metric, int subject, int period, int value, int changed)
    {
        // The watermark passes rejected rows too: they are quarantined, and reading them again each run would
        // repeat that.
        var mark = changed >= 0 && !r.IsDBNull(changed) ? Stamp(r.GetValue(changed)) : Date(r, period) is { } p
            ? Clock.Date(p) : null;
        if (mark is not null && (newest is null || string.CompareOrdinal(mark, newest) > 0)) newest = mark;
        var metricId = Text(r, metric);
        if (metricId is null) return Checked<KpiObservation>.Refuse(row, "metric_id", "is empty.");
        if (metricId.Contains('\0')) return Checked<KpiObservation>.Refuse(row, "metric_id", Nul);
        if (table.CheckMetric(metricId) is { } undefined)
            return Checked<KpiObservation>.Refuse(row, "metric_id", undefined);
        var subjectId = Text(r, subject);
        if (subjectId is null || subjectId.Length > 200)
            return Checked<KpiObservation>.Refuse(row, "subject_id", "is empty or longer than 200 characters.");
        if (subjectId.Contains('\0')) return Checked<KpiObservation>.Refuse(row, "subject_id", Nul);
        var start = Date(r, period);
        if (start is null)
            return Checked<KpiObservation>.Refuse(row, "period_start", $"'{Clip(Text(r, period))}' is not a date.");
        if (!context.Options.Dates.Contains(start.Value))
            return Checked<KpiObservation>.Refuse(row, "period_start", context.Options.Dates.Refusal(start.Value));
        if (r.IsDBNull(value))
            return Checked<KpiObservation>.Refuse(row, "value", "is empty; a KPI row needs a value.");
        double number;
        try { number = Convert.ToDouble(r.GetValue(value), CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            return Checked<KpiObservation>.Refuse(row, "value", $"'{Clip(Text(r, value))}' is not a number.");
        }
        if (!double.IsFinite(number)) return Checked<KpiObservation>.Refuse(row, "value", "is not a finite number.");

        return Checked<KpiObservation>.Ok(row,
            new KpiObservation(metricId, table.Subject(metricId, subjectId), Clock.Date(start.Value), number));
    }

    const string Nul = "contains a NUL character, which no database stores.";

    static string? Clip(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text;

    static string? Text(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i),
            CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } t ? t : null;

    static DateOnly? Date(DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) return null;
        switch (r.GetValue(i))
        {
            case DateTime d: return DateOnly.FromDateTime(d);
            case DateOnly d: return d;
            case DateTimeOffset d: return DateOnly.FromDateTime(d.UtcDateTime);
        }
        // Text dates: the first ten characters of an ISO date or timestamp.
        var text = Text(r, i) ?? "";
        return DateOnly.TryParseExact(text[..Math.Min(10, text.Length)], "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var parsed) ? parsed : null;
    }

    static string Stamp(object v) => v switch
    {
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    public Task<RowOutcome> WriteAsync(KpiObservation row, DbTransaction tx, CancellationToken ct) =>
        table.WriteAsync(row, tx, ct);

    public Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<KpiObservation> rows, DbTransaction tx,
        CancellationToken ct) => table.WriteBatchAsync(rows, tx, ct);

    public string? KeyOf(KpiObservation row) => KpiTable.KeyOf(row);

    public async Task CompleteAsync(DbTransaction tx, CancellationToken ct)
    {
        if (newest is null)
        {
            context.Notes.Add($"No rows changed since {since}.");
            return;
        }
        await using var watermark = new Upsert(context.Connection, context.Dialect, "source_watermarks",
            [new("source_key", System.Data.DbType.String)],
                [new("watermark", System.Data.DbType.String), new("updated_at", System.Data.DbType.String)]);
        watermark["source_key"] = WatermarkKey;
        watermark["watermark"] = newest;
        watermark["updated_at"] = Clock.UtcStamp();
        await watermark.RunAsync(tx, ct);
        context.Notes.Add($"Read rows changed after {since}; the next run starts after {newest}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (table is not null) await table.DisposeAsync();
    }
}
