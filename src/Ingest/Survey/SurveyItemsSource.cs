using System.Data;
using Impact.Ingest.Csv;
using Impact.Ingest.Pipeline;

namespace Impact.Ingest.Survey;

/// <summary>
/// <c>survey-items</c>: <c>item, question</c> — the question text behind each survey column, shown on the
/// engagement pages instead of the column name. Re-ingesting changes a question; an item absent from the file
/// keeps the one it had.
/// </summary>
public sealed class SurveyItemsSource(string path) : CsvSource<SurveyItem>(path)
{
    /// <summary>A question is a sentence, not a name: longer than names may be, still bounded.</summary>
    public const int MaxQuestionLength = 400;

    public override string Name => "survey-items";

    Field item = null!, question = null!;
    Upsert upsert = null!;

    protected override void Bind(CsvHeader header)
    {
        (item, question) = header.RequireFields("item", "question") switch { var f => (f[0], f[1]) };
        upsert = new Upsert(Context.Connection, Context.Dialect, "survey_items",
            [new("item", DbType.String)], [new("question", DbType.String)], [new("ingest_run_id", DbType.Int64)]);
    }

    protected override Checked<SurveyItem> Check(CsvRecord r)
    {
        var key = Id(item.Of(r), out var problem);
        if (key is null) return Refuse(r, "item", problem!);
        var text = question.Of(r).Trim();
        if (text.Length == 0) return Refuse(r, "question", "is empty; write the question the item asked.");
        if (text.Length > MaxQuestionLength)
            return Refuse(r, "question", $"is {text.Length} characters long; at most {MaxQuestionLength}.");
        return Checked<SurveyItem>.Ok(r.Line, new SurveyItem(key, text));
    }

    public override string? KeyOf(SurveyItem row) => row.Item;

    public override Task<RowOutcome> WriteAsync(SurveyItem row, System.Data.Common.DbTransaction tx,
        CancellationToken ct)
    {
        upsert["item"] = row.Item;
        upsert["question"] = row.Question;
        upsert["ingest_run_id"] = Context.RunId;
        return upsert.RunAsync(tx, ct);
    }

    public override async ValueTask DisposeAsync()
    {
        if (upsert is not null) await upsert.DisposeAsync();
        await base.DisposeAsync();
    }
}
