using System.Data;
using System.Data.Common;
using Dapper;
using Impact.Ingest.Pipeline;

namespace Impact.Ingest.Completions;

/// <summary>
/// Writing completions, for every source that yields them (CSV, LMS profiles, xAPI): the upsert on
/// employee + intervention + date, unknown interventions created from their id (kind 'other'), and
/// unknown employees accepted but counted, since employee files often arrive later.
/// </summary>
public sealed class CompletionsTable : IAsyncDisposable
{
    readonly IngestContext context;
    readonly string origin;
    readonly Upsert completions, interventions;
    readonly StagedUpsert<Completion>? staged;
    readonly HashSet<string> knownEmployees;
    readonly HashSet<string> unknownEmployees = new(StringComparer.Ordinal);
    // Counted per batch and added up when the batch commits: a batch written again must not count twice.
    long unknownRows, batchUnknownRows;
    int createdInterventions, batchCreatedInterventions;

    CompletionsTable(IngestContext context, string origin, HashSet<string> knownEmployees)
    {
        this.context = context;
        this.origin = origin;
        this.knownEmployees = knownEmployees;
        Column[] keys =
            [new("employee_id", DbType.String), new("intervention_id", DbType.String),
                new("completed_on", DbType.String)];
        Column[] values = [new("status", DbType.String), new("score", DbType.Double), new("source", DbType.String)];
        Column[] insertOnly = [new("ingest_run_id", DbType.Int64)];
        completions = new Upsert(context.Connection, context.Dialect, "completions", keys, values, insertOnly);
        if (context.Dialect.StagesBatches)
            staged = new StagedUpsert<Completion>(context.Dialect, "completions", keys, values, insertOnly,
                (c, v) => (v[0], v[1], v[2], v[3], v[4], v[5], v[6]) =
                    (c.EmployeeId, c.InterventionId, c.CompletedOn, c.Status, c.Score, origin, context.RunId));
        interventions = new Upsert(context.Connection, context.Dialect, "interventions",
            [new("intervention_id", DbType.String)], [],
            [new("kind", DbType.String), new("ingest_run_id", DbType.Int64)]);
    }

    /// <param name="origin">What the completions.source column records: csv, a profile name, xapi.</param>
    public static async Task<CompletionsTable> OpenAsync(IngestContext context, string origin, CancellationToken ct)
    {
        // Employee ids only (not rows): bounded by the organisation's size, small beside the files.
        var known =
            (await context.Connection.QueryAsync<string>(new CommandDefinition("SELECT employee_id FROM employees",
            cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        return new CompletionsTable(context, origin, known);
    }

    public async Task<RowOutcome> WriteAsync(Completion c, DbTransaction tx, CancellationToken ct)
    {
        await EnsureInterventionAsync(c.InterventionId, tx, ct);
        CountEmployee(c);

        completions["employee_id"] = c.EmployeeId;
        completions["intervention_id"] = c.InterventionId;
        completions["completed_on"] = c.CompletedOn;
        completions["status"] = c.Status;
        completions["score"] = c.Score;
        completions["source"] = origin;
        completions["ingest_run_id"] = context.RunId;
        return await completions.RunAsync(tx, ct);
    }

    /// <summary>
    /// A batch set-based where the engine stages batches (else null: row by row): each intervention it names
    /// created once if unknown, then the completions in one merge.
    /// </summary>
    public async Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<Completion> rows, DbTransaction tx,
        CancellationToken ct)
    {
        if (staged is null) return null;
        foreach (var id in rows.Select(c => c.InterventionId).Distinct().Order(StringComparer.Ordinal))
            await EnsureInterventionAsync(id, tx, ct);
        foreach (var c in rows) CountEmployee(c);
        return await staged.RunAsync(rows, tx, ct);
    }

    async Task EnsureInterventionAsync(string id, DbTransaction tx, CancellationToken ct)
    {
        interventions["intervention_id"] = id;
        interventions["kind"] = "other";
        interventions["ingest_run_id"] = context.RunId;
        if (await interventions.RunAsync(tx, ct) == RowOutcome.Stored) batchCreatedInterventions++;
    }

    void CountEmployee(Completion c)
    {
        if (knownEmployees.Contains(c.EmployeeId)) return;
        batchUnknownRows++;
        unknownEmployees.Add(c.EmployeeId);
    }

    /// <summary>The natural key: employee, intervention, date.</summary>
    public static string KeyOf(Completion c) => $"{c.EmployeeId}\u001f{c.InterventionId}\u001f{c.CompletedOn}";

    public void Committed()
    {
        unknownRows += batchUnknownRows;
        createdInterventions += batchCreatedInterventions;
        (batchUnknownRows, batchCreatedInterventions) = (0, 0);
    }

    public void RolledBack() => (batchUnknownRows, batchCreatedInterventions) = (0, 0);

    /// <summary>Adds the run's notes: unknown employees, interventions created from completions.</summary>
    public void Report()
    {
        // Called in the last batch, before it commits: its own counts are still pending.
        var rows = unknownRows + batchUnknownRows;
        var created = createdInterventions + batchCreatedInterventions;
        if (rows > 0)
            context.Notes.Add($"{rows:N0} rows name {unknownEmployees.Count:N0} employees not in the warehouse yet " +
                              $"(e.g. {unknownEmployees.First()}); stored anyway: load employees.csv to describe " +
                              "them.");
        if (created > 0)
            context.Notes.Add($"{created:N0} interventions were created from their id alone (kind 'other'): " +
                              "describe them in interventions.csv.");
    }

    public async ValueTask DisposeAsync()
    {
        await completions.DisposeAsync();
        await interventions.DisposeAsync();
    }
}
