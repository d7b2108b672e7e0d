using System.Data.Common;
using System.Net.Sockets;
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

    public DbConnection CreateConnection() => Target.Engine switch
    {
        Engine.Sqlite => new SqliteConnection(Target.ConnectionString),
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
            if (connection is SqliteConnection sqlite) await ConfigureSqliteAsync(sqlite, ct);
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
            return sqlite.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(file) && file != ":memory:" && !File.Exists(file);
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
    static async Task ConfigureSqliteAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 60000;";
        await command.ExecuteNonQueryAsync(ct);
        // A read-only file or folder only shows itself on the first write; find out now, not mid-ingest.
        command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        await command.ExecuteNonQueryAsync(ct);
    }

    string Explain(Exception e)
    {
        var reason = Innermost(e).Message.Trim().TrimEnd('.');
        return Target.Engine switch
        {
            Engine.Sqlite when e is SqliteException { SqliteErrorCode: 8 or 14 } || e is UnauthorizedAccessException or IOException =>
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
