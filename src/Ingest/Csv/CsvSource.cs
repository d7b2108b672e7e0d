using System.Data.Common;
using System.Runtime.CompilerServices;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Csv;

/// <summary>
/// The shared half of every CSV source: open the vetted file, let the source bind its columns from
/// the header, reject records with the wrong number of fields, and hand the rest to <see cref="Check"/>.
/// </summary>
public abstract class CsvSource<TRow>(string path) : IIngestSource<TRow> where TRow : class
{
    /// <summary>Identifiers go into key columns of at most 200 characters on every engine.</summary>
    public const int MaxIdLength = 200;

    public abstract string Name { get; }
    public string Location { get; } = path;
    public InputKind Kind => InputKind.Csv;

    protected IngestContext Context { get; private set; } = null!;
    protected Values Values { get; private set; } = null!;
    char delimiter = ',';

    /// <summary>The profile given with --profile, if any (checked to be for this source).</summary>
    protected Profile? Profile { get; private set; }

    /// <summary>The value recorded in a row's source column: the profile's name, else "csv".</summary>
    protected string Origin => Profile?.Name is { Length: > 0 } n ? n : "csv";

    public virtual Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        Context = context;
        if (context.Options.Profile is { Length: > 0 } profile) Profile = Profile.Load(profile, Name);
        return Task.CompletedTask;
    }

    /// <summary>Finds the source's columns; throws <see cref="ImpactException"/> when required ones are
    /// missing.</summary>
    protected abstract void Bind(CsvHeader header);

    /// <summary>Validates one record into a row or a rejection.</summary>
    protected abstract Checked<TRow> Check(CsvRecord record);

    public async IAsyncEnumerable<Checked<TRow>> ReadAsync(IngestContext context,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var csv = CsvRows.Open(context.File
            ?? throw new InvalidOperationException("CSV sources need the file pre-read."));
        Values = new Values(context.Options.DateFormat ?? Profile?.DateFormat, csv.Delimiter);
        delimiter = csv.Delimiter;
        csv.Header.Profile = Profile;
        Bind(csv.Header);
        var width = csv.Header.Count;
        foreach (var record in csv.Records(ct))
        {
            yield return record.Fields.Length == width
                ? Check(record)
                : Checked<TRow>.Refuse(record.Line, null,
                    $"has {record.Fields.Length} fields but the header has {width}: check for a missing or extra " +
                    $"delimiter ('{csv.Delimiter}') or quote.",
                    record.Raw(csv.Delimiter));
        }
        await Task.CompletedTask;
    }

    public abstract Task<RowOutcome> WriteAsync(TRow row, DbTransaction tx, CancellationToken ct);

    public virtual Task CompleteAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public virtual string? KeyOf(TRow row) => null;

    public virtual Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<TRow> rows, DbTransaction tx,
        CancellationToken ct) => Task.FromResult<BatchWrite?>(null);

    public virtual Task FlushAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public virtual void Committed() { }

    public virtual void RolledBack() { }

    public virtual bool RawRowsAreConfidential => false;

    public virtual bool ReadsWhileWriting => false;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    // Helpers for Check: each returns null when fine, else the rejection.

    protected Checked<TRow> Refuse(CsvRecord record, string? field, string reason) =>
        Checked<TRow>.Refuse(record.Line, field, reason, record.Raw(delimiter));

    /// <summary>A required identifier: trimmed, non-empty, not too long.</summary>
    protected static string? Id(string text, out string? problem)
    {
        var id = text.Trim();
        problem = id.Length == 0 ? "is empty; it is required."
            : id.Length > MaxIdLength ? $"is {id.Length} characters long; identifiers have at most {MaxIdLength}."
            : null;
        return problem is null ? id : null;
    }

    /// <summary>Names (a role, a place, a course) have at most this many characters; longer is not a name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// A date that is readable and plausible (<see cref="IngestOptions.Dates"/>): null when fine, else the reason.
    /// <paramref name="quote"/> false keeps the value out of the reason (survey rows are confidential).
    /// </summary>
    DateOnly? latest;

    protected string? DateProblem(string text, out DateOnly date, bool quote = true)
    {
        if (!Values.TryDate(text, out date))
            return quote ? $"{Values.Show(text.Trim())} is not a date ({Values.DateHint})."
                : $"is not a date ({Values.DateHint}).";
        var window = Context.Options.Dates;
        // The window's last day is fixed when the run starts: reading the clock per row cost more than parsing
        // the date, and a run that passes midnight moves a limit a hundred years away by one day at most.
        latest ??= window.Latest;
        return date >= window.Earliest && date <= latest ? null
            : quote ? window.Refusal(date)
            : $"is outside the plausible dates {Clock.Date(window.Earliest)} to {Clock.Date(window.Latest)}.";
    }

    /// <summary>An optional name: trimmed, blank is null, longer than <see cref="MaxNameLength"/> a problem.</summary>
    protected static string? OptionalName(string text, out string? problem)
    {
        var name = text.Trim();
        problem = name.Length > MaxNameLength
            ? $"is {name.Length:N0} characters long; names have at most {MaxNameLength}."
            : null;
        return problem is null && name.Length > 0 ? name : null;
    }

    /// <summary>An optional identifier: blank gives null.</summary>
    protected static string? OptionalId(string text, out string? problem)
    {
        problem = null;
        var id = text.Trim();
        if (id.Length == 0) return null;
        return Id(id, out problem);
    }
}
