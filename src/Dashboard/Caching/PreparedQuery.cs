using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Impact.Warehouse;
using Microsoft.Data.Sqlite;

namespace Impact.Dashboard.Caching;

/// <summary>
/// One statement asked for on every request, kept compiled on a few open SQLite connections: SQLite compiles a
/// statement for every new command, and the data stamp's dozen subqueries took longer to compile than to run. A
/// connection serves one request at a time; each execution reads the latest committed data (WAL), as a new
/// connection would. Other engines open a pooled connection per read (their servers keep plans themselves).
/// </summary>
public sealed class PreparedQuery<T>(Database warehouse, string sql) : IDisposable
{
    /// <summary>More than the requests a 2-core machine runs at once; a busier moment opens and closes extra.
    /// </summary>
    const int MaxIdle = 8;

    readonly ConcurrentBag<SqliteCommand> idle = [];
    volatile bool disposed;

    /// <summary>How many connections compiled the statement (for tests).</summary>
    public int Compiled => compiled;
    int compiled;

    public async Task<T> QuerySingleAsync(IReadOnlyDictionary<string, object?> parameters, CancellationToken ct)
    {
        if (warehouse.Target.Engine != Engine.Sqlite)
        {
            await using var db = await warehouse.OpenAsync(ct);
            return await db.QuerySingleAsync<T>(new CommandDefinition(sql, new DynamicParameters(parameters),
                cancellationToken: ct));
        }
        var command = idle.TryTake(out var kept) ? kept : await CompileAsync(parameters.Keys, ct);
        try
        {
            foreach (var (name, value) in parameters) command.Parameters[name].Value = value ?? DBNull.Value;
            T row;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The query returned no row.");
                row = reader.GetRowParser<T>()(reader);
            }
            Return(command);
            return row;
        }
        catch
        {
            await CloseAsync(command);
            throw;
        }
    }

    async Task<SqliteCommand> CompileAsync(IEnumerable<string> names, CancellationToken ct)
    {
        var db = (SqliteConnection)await warehouse.OpenAsync(ct);
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        try
        {
            command.Prepare();
        }
        catch
        {
            await CloseAsync(command);
            throw;
        }
        Interlocked.Increment(ref compiled);
        return command;
    }

    void Return(SqliteCommand command)
    {
        if (disposed || idle.Count >= MaxIdle) _ = CloseAsync(command);
        else idle.Add(command);
        if (disposed && idle.TryTake(out var late)) _ = CloseAsync(late); // returned while Dispose drained
    }

    static async Task CloseAsync(DbCommand command)
    {
        var db = command.Connection;
        await command.DisposeAsync();
        if (db is not null) await db.DisposeAsync();
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var command)) CloseAsync(command).GetAwaiter().GetResult();
    }
}
