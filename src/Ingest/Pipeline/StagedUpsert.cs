using System.Data;
using System.Data.Common;
using Impact.Warehouse;
using Microsoft.Data.SqlClient;
using Npgsql;
using NpgsqlTypes;

namespace Impact.Ingest.Pipeline;

/// <summary>What a batch written set-based did: read = stored + updated + unchanged (rejections aside).</summary>
public readonly record struct BatchWrite(long Stored, long Updated, long Unchanged)
{
    /// <summary>
    /// The counts of a batch of <paramref name="rows"/> rows that each write one parent row and some child
    /// rows (a response and its answers, an employee and its attributes), counted as row by row counts them: a
    /// row is stored when its parent was inserted, updated when its parent was updated or any of its children
    /// written, else unchanged.
    /// </summary>
    /// <param name="parents">Parent keys written: inserted (true) or updated (<see
    /// cref="StagedUpsert{TRow}.RunWrittenAsync"/>).</param>
    /// <param name="childrenOf">The parent keys of the child rows written.</param>
    public static BatchWrite OfFamily(int rows, IReadOnlyDictionary<string, bool> parents,
        IEnumerable<string> childrenOf)
    {
        long stored = parents.Values.Count(inserted => inserted);
        long updated = parents.Count - stored + childrenOf.Count(parent => !parents.ContainsKey(parent));
        return new BatchWrite(stored, updated, rows - stored - updated);
    }
}

/// <summary>
/// The set-based sibling of <see cref="Upsert"/> for PostgreSQL and SQL Server: a batch is bulk-copied
/// into a staging table (PostgreSQL's binary COPY, SQL Server's SqlBulkCopy), then merged into the table in
/// one statement that also counts what it inserted and updated (<see cref="Dialect.MergeStaged"/>). One round
/// trip per batch instead of one or two per row. Same outcome as row by row, given distinct keys: the
/// pipeline passes a batch with a repeated key to the row-by-row path, where the later row wins.
/// </summary>
/// <param name="fill">Puts a row's values into the array, in column order: keys, values, insert-only.</param>
public sealed class StagedUpsert<TRow>(Dialect dialect, string table, IReadOnlyList<Column> keys,
    IReadOnlyList<Column> values, IReadOnlyList<Column> insertOnly, Action<TRow, object?[]> fill)
{
    readonly Column[] columns = [.. keys.Concat(values).Concat(insertOnly)];
    readonly string[] keyNames = [.. keys.Select(c => c.Name)], valueNames = [.. values.Select(c => c.Name)],
        insertOnlyNames = [.. insertOnly.Select(c => c.Name)];

    /// <summary>Where the bench's <c>--phases</c> adds the time of staging and of merging.</summary>
    public PhaseTimes? Phases { get; init; }

    /// <summary>Stages and merges the batch; returns how many rows were stored, updated and unchanged.</summary>
    public async Task<BatchWrite> RunAsync(IReadOnlyList<TRow> rows, DbTransaction tx, CancellationToken ct)
    {
        await StageAsync(rows, tx, ct);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var command = Command(tx, dialect.MergeStaged(table, keyNames, valueNames, insertOnlyNames));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (stored, updated) = (reader.GetInt64(0), reader.GetInt64(1));
        Phases?.Add($"{table}: merge staged rows", started);
        return new BatchWrite(stored, updated, rows.Count - stored - updated);
    }

    /// <summary>
    /// Stages and merges the batch; returns the first key of every row it wrote and whether that row was
    /// inserted (else updated; a key written by several rows is marked inserted when any of them was).
    /// Rows left out were unchanged. The staged rows stay in <see cref="Dialect.StageOf"/> until the next batch.
    /// </summary>
    public async Task<Dictionary<string, bool>> RunWrittenAsync(IReadOnlyList<TRow> rows, DbTransaction tx,
        CancellationToken ct)
    {
        await StageAsync(rows, tx, ct);
        var written = new Dictionary<string, bool>(StringComparer.Ordinal);
        await using var command = Command(tx,
            dialect.MergeStagedWritten(table, keyNames, valueNames, insertOnlyNames));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = reader.GetString(0);
            written[key] = reader.GetBoolean(1) || written.GetValueOrDefault(key);
        }
        return written;
    }

    async Task StageAsync(IReadOnlyList<TRow> rows, DbTransaction tx, CancellationToken ct)
    {
        var connection = tx.Connection!;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await ExecuteAsync(tx, dialect.PrepareStage(table), ct);
        if (connection is NpgsqlConnection npgsql) await CopyAsync(npgsql, rows, ct);
        else await BulkCopyAsync((SqlConnection)connection, (SqlTransaction)tx, rows, ct);
        Phases?.Add($"{table}: copy into staging", started);
    }

    static DbCommand Command(DbTransaction tx, string sql)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<TRow> rows, CancellationToken ct)
    {
        var types = columns.Select(c => TypeOf(c.Type)).ToArray();
        var row = new object?[columns.Length];
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {dialect.StageOf(table)} ({string.Join(", ", columns.Select(c => c.Name))}) " +
            "FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < rows.Count; i++)
        {
            // The synchronous writes only fill Npgsql's buffer (it flushes when full): per value, an await
            // would cost more than the copy itself.
            if ((i & 4095) == 0) ct.ThrowIfCancellationRequested();
            fill(rows[i], row);
            copy.StartRow();
            for (var c = 0; c < row.Length; c++)
            {
                switch (row[c])
                {
                    case null: copy.WriteNull(); break;
                    case string s: copy.Write(s, types[c]); break;
                    case double d: copy.Write(d, types[c]); break;
                    case long l: copy.Write(l, types[c]); break;
                    case int n: copy.Write(n, types[c]); break;
                    default: throw new ArgumentException($"Column {columns[c].Name} cannot be staged as given.");
                }
            }
        }
        await copy.CompleteAsync(ct);
    }

    static NpgsqlDbType TypeOf(DbType type) => type switch
    {
        DbType.String => NpgsqlDbType.Varchar,
        DbType.Double => NpgsqlDbType.Double,
        DbType.Int64 => NpgsqlDbType.Bigint,
        DbType.Int32 => NpgsqlDbType.Integer,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No staged column of this type."),
    };

    async Task BulkCopyAsync(SqlConnection connection, SqlTransaction tx, IReadOnlyList<TRow> rows,
        CancellationToken ct)
    {
        using var staged = new DataTable();
        foreach (var c in columns) staged.Columns.Add(c.Name, ClrTypeOf(c.Type));
        var row = new object?[columns.Length];
        foreach (var r in rows)
        {
            fill(r, row);
            staged.Rows.Add([.. row.Select(v => v ?? DBNull.Value)]);
        }
        using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, tx)
        {
            DestinationTableName = dialect.StageOf(table), BatchSize = 0, BulkCopyTimeout = 0,
        };
        foreach (var c in columns) bulk.ColumnMappings.Add(c.Name, c.Name);
        await bulk.WriteToServerAsync(staged, ct);
    }

    static Type ClrTypeOf(DbType type) => type switch
    {
        DbType.String => typeof(string),
        DbType.Double => typeof(double),
        DbType.Int64 => typeof(long),
        DbType.Int32 => typeof(int),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No staged column of this type."),
    };

    static async Task ExecuteAsync(DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = Command(tx, sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
