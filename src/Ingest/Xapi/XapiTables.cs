using System.Data;
using System.Data.Common;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Xapi;

/// <summary>
/// Stores statements (xapi_statements, xapi_results), the interventions they name, and the completions
/// they make, and applies voiding. A completion is always recomputed from the statements that still
/// stand for that person, course and day, so a voided statement's completion does not survive, even
/// when the voiding arrives in a later run or before its target. The recompute runs once per batch for
/// each person, course and day the batch touched (<see cref="FlushAsync"/>), not once per statement:
/// 30,000 statements of one person on one day cost one recompute per batch, not 30,000 growing ones.
/// </summary>
sealed class XapiTables(IngestContext context, Upsert statements, Upsert results, HashSet<string> voidedTargets)
    : IAsyncDisposable
{
    static readonly Column[] StatementKey = [new("statement_id", DbType.String)];
    static readonly Column[] StatementValues =
    [
        new("actor_key", DbType.String), new("employee_id", DbType.String), new("verb_id", DbType.String),
        new("activity_id", DbType.String), new("intervention_id", DbType.String), new("occurred_at", DbType.String),
        new("stored_at", DbType.String),
    ];
    static readonly Column[] StatementFirstTime = [new("voided", DbType.Int32), new("ingest_run_id", DbType.Int64)];
    static readonly Column[] ResultValues =
    [
        new("score", DbType.Double), new("success", DbType.Int32), new("completion", DbType.Int32),
        new("duration_seconds", DbType.Double),
    ];

    public const string Source = "xapi";

    // Activities seen in xAPI are e-learning unless an interventions file says otherwise; never overwritten here.
    const string DefaultKind = "elearning";

    readonly HashSet<string> ensuredInterventions = new(StringComparer.Ordinal);
    readonly List<string> ensuredInBatch = [];
    readonly HashSet<(string Employee, string Intervention, DateOnly Day)> touched = [];
    // Counted per batch and added to the committed totals when the batch commits; the totals below
    // include the batch in progress, so the last batch's notes (written before it commits) are complete.
    int batchWritten, batchRemoved, batchVoided, writtenBefore, removedBefore, voidedBefore;

    public int CompletionsWritten => writtenBefore + batchWritten;
    public int CompletionsRemoved => removedBefore + batchRemoved;
    public int Voided => voidedBefore + batchVoided;

    public static async Task<XapiTables> OpenAsync(IngestContext context, CancellationToken ct)
    {
        var c = context.Connection;
        var d = context.Dialect;
        var statements = new Upsert(c, d, "xapi_statements", StatementKey, StatementValues, StatementFirstTime);
        var results = new Upsert(c, d, "xapi_results", StatementKey, ResultValues);
        // Voiding statements are few; their targets are kept in memory so a target arriving later is stored voided.
        var targets = (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT activity_id FROM xapi_statements WHERE verb_id = @voided AND activity_id IS NOT NULL",
            new { voided = VerbMap.Voided }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var tables = new XapiTables(context, statements, results, targets);
        if (d.StagesBatches)
        {
            tables.stagedStatements = new StagedUpsert<XapiRow>(d, "xapi_statements", StatementKey, StatementValues,
                StatementFirstTime, tables.Fill);
            tables.stagedResults = new StagedUpsert<XapiRow>(d, "xapi_results", StatementKey, ResultValues, [],
                (row, v) => Fill(row.Statement.Id, row.Statement.Result!, v));
        }
        return tables;
    }

    StagedUpsert<XapiRow>? stagedStatements, stagedResults;
    static readonly string[] StatementColumns =
        [.. StatementKey.Concat(StatementValues).Concat(StatementFirstTime).Select(c => c.Name)];
    static readonly string[] ResultColumns = [.. StatementKey.Concat(ResultValues).Select(c => c.Name)];
    readonly object?[] statementValues = new object?[StatementColumns.Length], resultValues =
        new object?[ResultColumns.Length];

    /// <summary>A statement's columns in the order of <see cref="StatementKey"/>, values, first-time ones.</summary>
    void Fill(XapiRow row, object?[] v)
    {
        var s = row.Statement;
        (v[0], v[1], v[2], v[3], v[4]) = (s.Id, row.ActorKey, row.EmployeeId, s.VerbId, s.Object.Id);
        (v[5], v[6], v[7]) = (row.InterventionId, s.OccurredAt is { } at ? Clock.UtcStamp(at) : null,
            s.Stored is { } stored ? Clock.UtcStamp(stored) : null);
        (v[8], v[9]) = (VoidedOnArrival(s) ? 1 : 0, context.RunId);
    }

    static void Fill(string statementId, XapiResult r, object?[] v) =>
        (v[0], v[1], v[2], v[3], v[4]) = (statementId, r.Score, r.Success is { } ok ? (ok ? 1 : 0) : null,
            r.Completion is { } done ? (done ? 1 : 0) : null, r.Duration?.TotalSeconds);

    /// <summary>A statement whose voiding arrived first is stored voided (a voiding statement never is).</summary>
    bool VoidedOnArrival(XapiStatement s) => !s.IsVoiding && voidedTargets.Contains(s.Id);

    public async Task<RowOutcome> WriteAsync(XapiRow row, DbTransaction tx, CancellationToken ct)
    {
        var s = row.Statement;
        // The same values the set-based path stages, set by column name.
        Fill(row, statementValues);
        for (var i = 0; i < StatementColumns.Length; i++) statements[StatementColumns[i]] = statementValues[i];
        var outcome = await statements.RunAsync(tx, ct);

        if (s.Result is { } r)
        {
            Fill(s.Id, r, resultValues);
            for (var i = 0; i < ResultColumns.Length; i++) results[ResultColumns[i]] = resultValues[i];
            await results.RunAsync(tx, ct);
        }

        if (s.IsVoiding) await VoidAsync(s.Object.Id!, tx, ct);
        else await NoteCompletionAsync(row, tx, ct);
        return outcome;
    }

    /// <summary>
    /// A batch set-based where the engine stages batches (else null: row by row): statements in one merge,
    /// results in another. A batch holding a voiding statement goes row by row, since voiding changes stored
    /// statements and how later ones are stored.
    /// </summary>
    public async Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<XapiRow> rows, DbTransaction tx,
        CancellationToken ct)
    {
        if (stagedStatements is null || stagedResults is null || rows.Any(r => r.Statement.IsVoiding)) return null;
        var written = await stagedStatements.RunAsync(rows, tx, ct);
        List<XapiRow> withResults = [.. rows.Where(r => r.Statement.Result is not null)];
        if (withResults.Count > 0) await stagedResults.RunAsync(withResults, tx, ct);
        foreach (var row in rows) await NoteCompletionAsync(row, tx, ct);
        return written;
    }

    /// <summary>A standing completion statement: its intervention made sure of, its completion recomputed with
    /// the batch.</summary>
    async Task NoteCompletionAsync(XapiRow row, DbTransaction tx, CancellationToken ct)
    {
        var s = row.Statement;
        if (!VoidedOnArrival(s) && row.EmployeeId is not null && row.InterventionId is not null
            && s.OccurredAt is { } when && VerbMap.StatusOf(s.VerbId) is not null)
        {
            await EnsureInterventionAsync(row.InterventionId, s.Object.Name, tx, ct);
            touched.Add((row.EmployeeId, row.InterventionId, DateOnly.FromDateTime(when.UtcDateTime)));
        }
    }

    /// <summary>Recomputes, once each, the completions of every person, course and day this batch touched.</summary>
    public async Task FlushAsync(DbTransaction tx, CancellationToken ct)
    {
        foreach (var (employee, intervention, day) in touched)
            await RecomputeAsync(employee, intervention, day, tx, ct);
        touched.Clear();
    }

    /// <summary>The batch committed: its counts and the interventions it created are now true.</summary>
    public void Committed()
    {
        (writtenBefore, removedBefore, voidedBefore) = (CompletionsWritten, CompletionsRemoved, Voided);
        (batchWritten, batchRemoved, batchVoided) = (0, 0, 0);
        ensuredInBatch.Clear();
    }

    /// <summary>The batch was rolled back: the interventions it created are gone, its counts did not happen.</summary>
    public void RolledBack()
    {
        foreach (var id in ensuredInBatch) ensuredInterventions.Remove(id);
        ensuredInBatch.Clear();
        touched.Clear();
        (batchWritten, batchRemoved, batchVoided) = (0, 0, 0);
    }

    /// <summary>
    /// Marks the target voided (a voiding statement cannot itself be voided); its completion is recomputed
    /// with the batch.
    /// </summary>
    async Task VoidAsync(string targetId, DbTransaction tx, CancellationToken ct)
    {
        voidedTargets.Add(targetId);
        var c = context.Connection;
        var changed = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE xapi_statements SET voided = 1 WHERE statement_id = @targetId AND voided = 0 AND verb_id <> " +
            "@voided",
            new { targetId, voided = VerbMap.Voided }, tx, cancellationToken: ct));
        if (changed == 0) return;
        batchVoided++;
        var target = await c.QuerySingleAsync<(string? EmployeeId, string? InterventionId, string? OccurredAt)>(
            new CommandDefinition(
                "SELECT employee_id, intervention_id, occurred_at FROM xapi_statements WHERE statement_id = @targetId",
                new { targetId }, tx, cancellationToken: ct));
        if (target is { EmployeeId: { } e, InterventionId: { } i, OccurredAt: { Length: >= 10 } at }
            && DateOnly.TryParseExact(at[..10], "yyyy-MM-dd", out var day))
            touched.Add((e, i, day));
    }

    /// <summary>
    /// The completion of one person, course and day is the strongest status among the statements that
    /// still stand (latest first among equals, with its score); none left removes the xAPI completion.
    /// A completion from another source (a CSV export) for the same key is never touched.
    /// </summary>
    async Task RecomputeAsync(string employeeId, string interventionId, DateOnly day, DbTransaction tx,
        CancellationToken ct)
    {
        // A day with no next day is no plausible completion (stored before dates were checked, in 0011).
        if (day == DateOnly.MaxValue) return;
        var c = context.Connection;
        var from = Clock.Date(day);
        var to = Clock.Date(day.AddDays(1));
        var standing = await c.QueryAsync<(string VerbId, string OccurredAt, double? Score)>(new CommandDefinition(
            """
            SELECT s.verb_id, s.occurred_at, r.score
            FROM xapi_statements s LEFT JOIN xapi_results r ON r.statement_id = s.statement_id
            WHERE s.employee_id = @employeeId AND s.intervention_id = @interventionId AND s.voided = 0
              AND s.occurred_at >= @from AND s.occurred_at < @to
            """, new { employeeId, interventionId, from, to }, tx, cancellationToken: ct));
        var best = standing
            .Select(x => (Status: VerbMap.StatusOf(x.VerbId), x.OccurredAt, x.Score))
            .Where(x => x.Status is not null)
            .OrderByDescending(x => VerbMap.Rank(x.Status!)).ThenByDescending(x => x.OccurredAt, StringComparer.Ordinal)
            .FirstOrDefault();

        var key = new { employee_id = employeeId, intervention_id = interventionId, completed_on = from };
        if (best.Status is null)
        {
            batchRemoved += await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM completions WHERE employee_id = @employee_id AND intervention_id = @intervention_id " +
                "AND completed_on = @completed_on AND source = @source",
                new { key.employee_id, key.intervention_id, key.completed_on, source = Source }, tx,
                cancellationToken: ct));
            return;
        }
        var d = context.Dialect;
        string[] keys = ["employee_id", "intervention_id", "completed_on"];
        var args = new DynamicParameters(key);
        args.Add("status", best.Status);
        args.Add("score", best.Score, DbType.Double);
        args.Add("source", Source);
        args.Add("ingest_run_id", context.RunId);
        var inserted = await c.ExecuteAsync(new CommandDefinition(
            d.InsertIfAbsent("completions", keys, ["status", "score", "source", "ingest_run_id"]), args, tx,
                cancellationToken: ct));
        if (inserted == 0)
            inserted = await c.ExecuteAsync(new CommandDefinition(
                d.UpdateIfChanged("completions", keys, ["status", "score"]) + " AND source = @source", args, tx,
                cancellationToken: ct));
        batchWritten += inserted;
    }

    async Task EnsureInterventionAsync(string interventionId, string? name, DbTransaction tx, CancellationToken ct)
    {
        if (!ensuredInterventions.Add(interventionId)) return;
        ensuredInBatch.Add(interventionId);
        var d = context.Dialect;
        // A display name from an LRS is clipped to the 200 characters every name has, not refused with its statement.
        await context.Connection.ExecuteAsync(new CommandDefinition(
            d.InsertIfAbsent("interventions", ["intervention_id"], ["name", "kind", "ingest_run_id"]),
            new
            {
                intervention_id = interventionId, name = name is { Length: > 200 } ? name[..199] + "…" : name,
                kind = DefaultKind, ingest_run_id = context.RunId,
            },
            tx, cancellationToken: ct));
    }

    public async ValueTask DisposeAsync()
    {
        await statements.DisposeAsync();
        await results.DisposeAsync();
    }
}
