using System.Data.Common;
using Impact.Ingest.Csv;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Completions;

/// <summary>
/// <c>completions</c>: <c>employee_id, intervention_id, completed_on, status</c> and optional <c>score</c>;
/// LMS exports in other layouts are read through a profile (<c>--profile moodle</c>, <c>successfactors</c>).
/// </summary>
public sealed class CompletionsSource(string path) : CsvSource<Completion>(path)
{
    public override string Name => "completions";

    Field employee = null!, intervention = null!, date = null!, status = null!, score = null!;
    CompletionsTable table = null!;

    public override async Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        await base.PrepareAsync(context, ct);
        table = await CompletionsTable.OpenAsync(context, Origin, ct);
    }

    protected override void Bind(CsvHeader header)
    {
        (employee, intervention, date, status) = header.RequireFields("employee_id", "intervention_id", "completed_on",
            "status") switch
        {
            var f => (f[0], f[1], f[2], f[3]),
        };
        score = header.Field("score");
    }

    protected override Checked<Completion> Check(CsvRecord r)
    {
        var employeeId = Id(employee.Of(r), out var problem);
        if (employeeId is null) return Refuse(r, Column(employee), problem!);
        var interventionId = Id(intervention.Of(r), out problem);
        if (interventionId is null) return Refuse(r, Column(intervention), problem!);
        if (date.Of(r).Trim().Length == 0) return Refuse(r, Column(date), "is empty; a completion needs its date.");
        if (DateProblem(date.Of(r), out var on) is { } bad) return Refuse(r, Column(date), bad);
        var state = Completion.NormalizeStatus(status.Of(r));
        if (state is null) return Refuse(r, Column(status),
            $"{Values.Show(status.Of(r).Trim())} is not a status; use one of " +
            $"{string.Join(", ", Completion.Statuses)}.");
        double? points = null;
        var scoreText = score.Of(r).Trim().TrimEnd('%').Trim();
        if (scoreText.Length > 0 && scoreText != "-")
        {
            if (!Values.TryNumber(scoreText, out var s)) return Refuse(r, Column(score),
                $"{Values.Show(scoreText)} is not a number.");
            points = s;
        }
        return Checked<Completion>.Ok(r.Line,
            new Completion(Context.Pseudonymizer.Employee(employeeId), interventionId, Clock.Date(on), state, points));
    }

    /// <summary>Rejections name the column as the file calls it.</summary>
    string Column(Field f) => Profile?.Columns.GetValueOrDefault(f.Name) ?? f.Name;

    public override Task<RowOutcome> WriteAsync(Completion row, DbTransaction tx, CancellationToken ct) =>
        table.WriteAsync(row, tx, ct);

    public override Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<Completion> rows, DbTransaction tx,
        CancellationToken ct) => table.WriteBatchAsync(rows, tx, ct);

    public override string? KeyOf(Completion row) => CompletionsTable.KeyOf(row);

    public override void Committed() => table.Committed();

    public override void RolledBack() => table.RolledBack();

    public override Task CompleteAsync(DbTransaction tx, CancellationToken ct)
    {
        table.Report();
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        if (table is not null) await table.DisposeAsync();
        await base.DisposeAsync();
    }
}
