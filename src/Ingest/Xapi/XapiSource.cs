using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Impact.Ingest.Pipeline;

namespace Impact.Ingest.Xapi;

/// <summary>
/// <c>xapi</c>: statements from a file (<see cref="XapiFileSource"/>) or an LRS (<see cref="XapiLrsSource"/>).
/// Both check each statement the same way: a usable statement whose actor is in the identity map is
/// stored; everything else is quarantined with its statement number, id and reason. Voiding
/// statements need no mapped actor (they are usually an administrator's).
/// </summary>
public abstract class XapiSource : IIngestSource<XapiRow>
{
    /// <summary>Optional: an activity IRI prefix stripped to give the intervention id (see
    /// <see cref="InterventionMapping"/>).</summary>
    public const string PrefixVariable = "IMPACT_XAPI_ACTIVITY_PREFIX";

    const int MaxVerbLength = 400; // {name} columns

    public string Name => "xapi";
    public abstract string Location { get; }
    public InputKind Kind => InputKind.None; // no CSV/JSON pre-read: xAPI files are streamed and checked here

    protected IngestContext Context { get; private set; } = null!;
    XapiTables tables = null!;
    Dictionary<string, string> identities = null!;
    InterventionMapping mapping = new();
    int unmapped;

    public virtual async Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        Context = context;
        mapping = new InterventionMapping(context.Options.XapiActivityPrefix);
        identities = (await context.Connection.QueryAsync<(string ActorKey, string EmployeeId)>(new CommandDefinition(
                "SELECT actor_key, employee_id FROM identities", cancellationToken: ct)))
            .ToDictionary(x => x.ActorKey, x => x.EmployeeId, StringComparer.Ordinal);
        tables = await XapiTables.OpenAsync(context, ct);
    }

    /// <summary>The statements, as read (usable or not), in input order.</summary>
    protected abstract IAsyncEnumerable<XapiRead> StatementsAsync(CancellationToken ct);

    public async IAsyncEnumerable<Checked<XapiRow>> ReadAsync(IngestContext context,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var read in StatementsAsync(ct).WithCancellation(ct)) yield return Check(read);
    }

    Checked<XapiRow> Check(XapiRead read)
    {
        var p = Context.Pseudonymizer;
        // With pseudonymisation on, the quarantine must not keep the raw actor either.
        var raw = p.Enabled ? null : read.Raw;
        if (read.Rejection is { } r)
        {
            // An actor's identifier quoted in the reason is a raw id too.
            var reason = p.Enabled && r.Field.StartsWith("actor", StringComparison.Ordinal)
                ? $"{r.Field} is not a usable identifier (not shown: pseudonymisation is on)" : r.Reason;
            return Checked<XapiRow>.Refuse(read.Line, r.Field, $"{Where(read.Index, r.StatementId)}: {reason}.", raw);
        }

        var s = read.Statement!;
        var dates = Context.Options.Dates;
        if (s.OccurredAt is { } at && !dates.Contains(at))
            return Checked<XapiRow>.Refuse(read.Line, "timestamp",
                $"{Where(read.Index, s.Id)}: timestamp {dates.Refusal(DateOnly.FromDateTime(at.UtcDateTime))}", raw);
        if (s.Stored is { } stored && !dates.Contains(stored))
            return Checked<XapiRow>.Refuse(read.Line, "stored",
                $"{Where(read.Index, s.Id)}: stored {dates.Refusal(DateOnly.FromDateTime(stored.UtcDateTime))}", raw);
        if (s.VerbId.Length > MaxVerbLength || s.Object.Id is { Length: > MaxVerbLength })
            return Checked<XapiRow>.Refuse(read.Line, s.VerbId.Length > MaxVerbLength ? "verb.id" : "object.id",
                $"{Where(read.Index, s.Id)}: the IRI is longer than {MaxVerbLength} characters.", raw);
        var actorKey = p.Employee(s.Actor.Key);
        if (actorKey.Length > InterventionMapping.MaxIdLength)
            return Checked<XapiRow>.Refuse(read.Line, "actor",
                $"{Where(read.Index, s.Id)}: the actor identifier is longer than {InterventionMapping.MaxIdLength} " +
                "characters.", raw);
        if (s.IsVoiding) return Checked<XapiRow>.Ok(read.Line, new XapiRow(s, actorKey, null, null));

        var employee = identities.GetValueOrDefault(actorKey)
                       ?? (s.Actor.Sha1Key is { } sha1 ? identities.GetValueOrDefault(p.Employee(sha1)) : null);
        if (employee is null)
        {
            unmapped++;
            var who = p.Enabled ? "the actor" : $"the actor {s.Actor.Key}";
            return Checked<XapiRow>.Refuse(read.Line, "actor",
                $"{Where(read.Index, s.Id)}: {who} is not in the identity map; add it with 'impact ingest identities " +
                "<csv>' and load the statements again (from an LRS: --since).", raw);
        }
        string? intervention = null;
        if (s.Object.Kind == XapiObjectKind.Activity)
        {
            intervention = mapping.Map(s.Object.Id!);
            if (intervention.Length > InterventionMapping.MaxIdLength)
                return Checked<XapiRow>.Refuse(read.Line, "object.id",
                    $"{Where(read.Index, s.Id)}: the activity id is longer than {InterventionMapping.MaxIdLength} " +
                    $"characters; set {PrefixVariable} to the part to strip.", raw);
        }
        return Checked<XapiRow>.Ok(read.Line, new XapiRow(s, actorKey, employee, intervention));
    }

    static string Where(int index, string? id) => id is null ? $"statement {index}" : $"statement {index} ({id})";

    public Task<RowOutcome> WriteAsync(XapiRow row, DbTransaction tx, CancellationToken ct) =>
        tables.WriteAsync(row, tx, ct);

    public Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<XapiRow> rows, DbTransaction tx, CancellationToken ct) =>
        tables.WriteBatchAsync(rows, tx, ct);

    public Task FlushAsync(DbTransaction tx, CancellationToken ct) => tables.FlushAsync(tx, ct);

    public void Committed() => tables.Committed();

    public void RolledBack() => tables.RolledBack();

    public string? KeyOf(XapiRow row) => row.Statement.Id;

    public virtual Task CompleteAsync(DbTransaction tx, CancellationToken ct)
    {
        Context.Notes.Add($"{tables.CompletionsWritten:N0} completions stored or updated from statements, " +
            $"{tables.CompletionsRemoved:N0} removed by voiding ({tables.Voided:N0} statements voided).");
        if (unmapped > 0)
            Context.Notes.Add($"{unmapped:N0} statements name actors missing from the identity map (see the " +
                "rejections).");
        return Task.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (tables is not null) await tables.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
