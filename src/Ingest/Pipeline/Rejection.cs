namespace Impact.Ingest.Pipeline;

/// <summary>
/// One row that was not stored, and why, in words a data clerk can act on. <see cref="Line"/> is the
/// file's line (1-based; for JSON the line the item starts on), <see cref="Field"/> the column,
/// <see cref="Subject"/> who the row was about as stored (a survey respondent's pseudonym), when known.
/// </summary>
public sealed record Rejection(long Line, string? Field, string Reason, string? Raw = null, string? Subject = null)
{
    public override string ToString() => Field is null ? $"line {Line}: {Reason}" : $"line {Line}, {Field}: {Reason}";
}

/// <summary>A row as read and validated: either a row to store or the reason it is refused.</summary>
public readonly record struct Checked<TRow>(long Line, TRow? Row, Rejection? Rejection) where TRow : class
{
    public static Checked<TRow> Ok(long line, TRow row) => new(line, row, null);
    public static Checked<TRow> Refuse(long line, string? field, string reason, string? raw = null,
        string? subject = null) =>
        new(line, null, new Rejection(line, field, reason, raw, subject));
}

/// <summary>What storing one row did: the parts of the reconciliation read = stored + updated + unchanged +
/// rejected.</summary>
public enum RowOutcome { Stored, Updated, Unchanged }
