using System.Data;
using System.Data.Common;
using Impact.Warehouse;

namespace Impact.Ingest.Pipeline;

/// <summary>A column of an upserted table and the parameter type its values travel as.</summary>
public sealed record Column(string Name, DbType Type);

/// <summary>
/// Insert-or-update of one table by its natural key, with both commands built once per run and reused
/// for every row (SQLite and PostgreSQL prepare them): INSERT first — the common case on a first
/// load — and UPDATE-if-changed only when the key already existed. Set each column's value by its
/// name (<c>upsert["employee_id"] = id</c>, beside the column list that made it), then call <see cref="RunAsync"/>.
/// </summary>
public sealed class Upsert : IAsyncDisposable
{
    readonly DbCommand insert, update;
    readonly DbParameter[] insertParameters, updateParameters;
    readonly int updatable;
    readonly Dictionary<string, int> positions;
    readonly Engine engine;
    bool prepared;

    /// <param name="insertOnly">Columns written on insert but never compared or updated (ingest_run_id).</param>
    public Upsert(DbConnection connection, Dialect dialect, string table, IReadOnlyList<Column> keys,
        IReadOnlyList<Column> values, IReadOnlyList<Column>? insertOnly = null)
    {
        engine = dialect.Engine;
        insertOnly ??= [];
        var keyNames = keys.Select(c => c.Name).ToList();
        var valueNames = values.Select(c => c.Name).ToList();
        insert = connection.CreateCommand();
        insert.CommandText = dialect.InsertIfAbsent(table, keyNames,
            valueNames.Concat(insertOnly.Select(c => c.Name)).ToList());
        insertParameters = [.. keys.Concat(values).Concat(insertOnly).Select(c => Add(insert, c))];
        updatable = keys.Count + values.Count;

        update = connection.CreateCommand();
        // A table that is all key has nothing to update: an existing row is simply unchanged.
        update.CommandText = values.Count == 0 ? "" : dialect.UpdateIfChanged(table, keyNames, valueNames);
        updateParameters = [.. keys.Concat(values).Select(c => Add(update, c))];
        positions = keys.Concat(values).Concat(insertOnly).Select((c, i) => (c.Name, i))
            .ToDictionary(c => c.Name, c => c.i, StringComparer.Ordinal);
    }

    static DbParameter Add(DbCommand command, Column column)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + column.Name;
        p.DbType = column.Type;
        p.Value = DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }

    /// <summary>The value of a column for the next <see cref="RunAsync"/>; null stores NULL.</summary>
    public object? this[string column]
    {
        set
        {
            var position = positions.TryGetValue(column, out var p)
                ? p
                : throw new ArgumentException($"The upsert has no column '{column}'.", nameof(column));
            var v = value ?? DBNull.Value;
            insertParameters[position].Value = v;
            if (position < updatable) updateParameters[position].Value = v;
        }
    }

    public async Task<RowOutcome> RunAsync(DbTransaction tx, CancellationToken ct)
    {
        // After a dropped connection the run goes on on a new one: the commands follow it and are prepared again.
        if (!ReferenceEquals(insert.Connection, tx.Connection))
        {
            insert.Connection = update.Connection = tx.Connection;
            prepared = false;
        }
        if (!prepared) await PrepareAsync(tx, ct);
        insert.Transaction = tx;
        if (await ExecuteAsync(insert, ct) == 1) return RowOutcome.Stored;
        if (update.CommandText.Length == 0) return RowOutcome.Unchanged;
        update.Transaction = tx;
        return await ExecuteAsync(update, ct) == 1 ? RowOutcome.Updated : RowOutcome.Unchanged;
    }

    // Microsoft.Data.Sqlite's async methods run synchronously anyway; calling the sync one directly
    // saves a task and a cancellation registration per row, which shows at a million rows.
    ValueTask<int> ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        if (engine != Engine.Sqlite) return new ValueTask<int>(command.ExecuteNonQueryAsync(ct));
        ct.ThrowIfCancellationRequested();
        return new ValueTask<int>(command.ExecuteNonQuery());
    }

    // SQL Server would need parameter sizes to prepare; it caches the plan of a parameterised command anyway.
    async Task PrepareAsync(DbTransaction tx, CancellationToken ct)
    {
        prepared = true;
        if (engine == Engine.SqlServer) return;
        insert.Transaction = tx;
        await insert.PrepareAsync(ct);
        if (update.CommandText.Length == 0) return;
        update.Transaction = tx;
        await update.PrepareAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await insert.DisposeAsync();
        await update.DisposeAsync();
    }
}
