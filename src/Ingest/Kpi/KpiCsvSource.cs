using System.Data.Common;
using Impact.Ingest.Csv;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Kpi;

/// <summary>
/// <c>kpi</c>: long-format CSV <c>metric_id, subject_id, period_start, value</c>. Any period length
/// works (monthly, weekly, quarterly...): period_start is the ISO date of the period's first day.
/// </summary>
public sealed class KpiCsvSource(string path) : CsvSource<KpiObservation>(path)
{
    public override string Name => "kpi";

    KpiTable table = null!;
    DateOnly lastDate;
    string lastDateText = "";
    int metric, subject, period, value;

    public override async Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        await base.PrepareAsync(context, ct);
        table = await KpiTable.OpenAsync(context, ct);
    }

    protected override void Bind(CsvHeader header) =>
        (metric, subject, period, value) = header.Require("metric_id", "subject_id", "period_start", "value") switch
        {
            var c => (c[0], c[1], c[2], c[3]),
        };

    protected override Checked<KpiObservation> Check(CsvRecord r)
    {
        var metricId = Id(r.Get(metric), out var problem);
        if (metricId is null) return Refuse(r, "metric_id", problem!);
        if (table.CheckMetric(metricId) is { } undefined) return Refuse(r, "metric_id", undefined);
        var subjectId = Id(r.Get(subject), out problem);
        if (subjectId is null) return Refuse(r, "subject_id", problem!);
        if (DateProblem(r.Get(period), out var start) is { } bad) return Refuse(r, "period_start", bad);
        if (!Values.TryNumber(r.Get(value), out var number))
            return Refuse(r, "value", r.Get(value).Trim().Length == 0 ? "is empty; a KPI row needs a value."
                : $"{Values.Show(r.Get(value))} is not a number.");
        // Periods repeat row after row: reuse the ISO text instead of formatting it a million times.
        if (start != lastDate || lastDateText.Length == 0) (lastDate, lastDateText) = (start, Clock.Date(start));
        return Checked<KpiObservation>.Ok(r.Line,
            new KpiObservation(metricId, table.Subject(metricId, subjectId), lastDateText, number));
    }

    public override Task<RowOutcome> WriteAsync(KpiObservation row, DbTransaction tx, CancellationToken ct) =>
        table.WriteAsync(row, tx, ct);

    public override Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<KpiObservation> rows, DbTransaction tx,
        CancellationToken ct) => table.WriteBatchAsync(rows, tx, ct);

    public override string? KeyOf(KpiObservation row) => KpiTable.KeyOf(row);

    // Checking a row reads only the metric levels loaded at the start and the pseudonymizer.
    public override bool ReadsWhileWriting => true;

    public override async ValueTask DisposeAsync()
    {
        if (table is not null) await table.DisposeAsync();
        await base.DisposeAsync();
    }
}
