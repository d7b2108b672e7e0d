using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using Impact.Warehouse.Runs;
using Microsoft.Data.Sqlite;

namespace Impact.Warehouse;

/// <summary>
/// The warehouse database: where it is (<see cref="Target"/>), how its SQL differs (<see cref="Dialect"/>),
/// and connections that fail with one clear sentence instead of a provider's stack trace.
/// </summary>
/// <remarks>
/// Named <c>Database</c>, not <c>Warehouse</c>: a type named like its namespace (<c>Impact.Warehouse</c>)
/// cannot be used by its bare name from any other <c>Impact.*</c> namespace (CS0118).
/// </remarks>
public sealed class Database(DatabaseTarget target)
{
    public DatabaseTarget Target { get; } = target;
    public Dialect Dialect { get; } = Dialect.For(target.Engine);

    public static Database FromSetting(string? setting) => new(DatabaseTarget.Parse(setting));

    /// <summary>
    /// How long a SQLite statement waits on another process's write lock before it fails as busy
    /// (<c>IMPACT_BUSY_TIMEOUT</c>, bound by the host; default 60 s); the batch is then retried whole
    /// (<see cref="RetryPolicy"/>).
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = RetryPolicy.Default.BusyTimeout;

    // Microsoft.Data.Sqlite retries a busy statement until the command timeout, and the busy_timeout pragma
    // (ConfigureSqliteAsync) waits inside SQLite: both get the same time, so a lock is waited out once.
    public DbConnection CreateConnection() => Target.Engine switch
    {
        Engine.Sqlite => new SqliteConnection(Target.ConnectionString)
        {
            DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
        },
        Engine.Postgres => new Npgsql.NpgsqlConnection(Target.ConnectionString),
        _ => new Microsoft.Data.SqlClient.SqlConnection(Target.ConnectionString),
    };

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = CreateConnection();
        try
        {
            if (Target.Engine == Engine.Sqlite) EnsureSqliteFolderExists();
            await connection.OpenAsync(ct);
            if (connection is SqliteConnection sqlite)
                await ConfigureSqliteAsync(sqlite, (long)BusyTimeout.TotalMilliseconds, ct);
            return connection;
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or InvalidOperationException
                                      or UnauthorizedAccessException or IOException)
        {
            await connection.DisposeAsync();
            throw new ImpactException(Explain(e), e);
        }
    }

    /// <summary>True for a SQLite target whose file is not there yet (never for in-memory databases).</summary>
    public bool SqliteFileMissing
    {
        get
        {
            if (Target.Engine != Engine.Sqlite) return false;
            var sqlite = SqliteSettings;
            var file = sqlite.DataSource;
            return sqlite.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(file) && file != ":memory:"
                && !File.Exists(file);
        }
    }

    SqliteConnectionStringBuilder SqliteSettings => new(Target.ConnectionString);

    void EnsureSqliteFolderExists()
    {
        var file = SqliteSettings.DataSource;
        var folder = Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            throw new IOException($"The folder {folder} does not exist");
    }

    // WAL lets the dashboard read while an ingest writes; NORMAL sync is safe with WAL and much faster.
    // A statement waits up to the configured busy timeout (IMPACT_BUSY_TIMEOUT) on another writer's lock.
    // Set once per SQLite connection, not per open: Microsoft.Data.Sqlite pools connections, a pooled one keeps its
    // settings, and preparing three PRAGMAs on every open cost a page request more than its own query.
    static async Task ConfigureSqliteAsync(SqliteConnection connection, long busy, CancellationToken ct)
    {
        var handle = connection.Handle!;
        if (Configured.TryGetValue(handle, out var set) && set.Value == busy) return;
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {busy};";
        await command.ExecuteNonQueryAsync(ct);
        if (!WritableFiles.ContainsKey(connection.ConnectionString))
        {
            await ProbeWritingAsync(command, busy, ct);
            WritableFiles.TryAdd(connection.ConnectionString, 0);
        }
        Configured.AddOrUpdate(handle, new StrongBox<long>(busy));
    }

    // Per native connection (the pooled handle, not the SqliteConnection wrapped around it each open), with the
    // busy timeout it was given: two Database values on one file may wait differently.
    static readonly ConditionalWeakTable<object, StrongBox<long>> Configured = new();

    // Whether a file can be written does not change per connection, and the probe takes the write lock: under
    // many readers (the dashboard opens a connection or two per request) the probes collided, and each collision
    // cost an exception and Microsoft.Data.Sqlite's busy retries. So once per file (and open mode: the connection
    // string) per process, after the first probe that found it writable; a file found read-only is probed again
    // on the next open (it may have been fixed).
    static readonly ConcurrentDictionary<string, byte> WritableFiles = new();
    static readonly ConcurrentDictionary<string, int> Probes = new();

    /// <summary>How many times this process probed this SQLite file for writing (for tests).</summary>
    internal int WriteProbes => Probes.GetValueOrDefault(Target.ConnectionString);

    // A read-only file or folder only shows itself on the first write; find out now, not mid-ingest.
    // Without waiting: a file another process is writing to is writable, and opening must not queue behind it.
    static async Task ProbeWritingAsync(SqliteCommand command, long busy, CancellationToken ct)
    {
        Probes.AddOrUpdate(command.Connection!.ConnectionString, 1, (_, n) => n + 1);
        command.CommandText = "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;";
        command.CommandTimeout = 1;
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // SQLITE_BUSY / SQLITE_LOCKED: someone else holds the write lock; the file is writable.
        }
        command.CommandText = $"PRAGMA busy_timeout = {busy};";
        await command.ExecuteNonQueryAsync(ct);
    }

    string Explain(Exception e)
    {
        var reason = Innermost(e).Message.Trim().TrimEnd('.');
        return Target.Engine switch
        {
            Engine.Sqlite when e is SqliteException { SqliteErrorCode: 8 or 14 }
                || e is UnauthorizedAccessException or IOException =>
                $"Cannot open {Target.Display} for writing ({reason}): check that the folder exists and is writable.",
            Engine.Sqlite => $"Cannot use {Target.Display}: {reason}.",
            _ => $"Cannot connect to {Target.Display}: {reason}.",
        };
    }

    static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
