using System.Data.Common;
using Dapper;
using Impact.Warehouse;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// One run per feed at a time, with a lock that dies with its holder: a PostgreSQL advisory lock or a
/// SQL Server session applock held on the job's own connection, or on SQLite an exclusive lock on a file
/// beside the warehouse. A SIGKILLed worker's connection (or file handle) closes with it, so the retry is
/// never blocked by a lock row waiting out a timeout (Hangfire's DisableConcurrentExecution on PostgreSQL).
/// </summary>
public sealed class FeedLock : IAsyncDisposable
{
    // The first key of PostgreSQL's two-key advisory lock: Impact's feed locks (the migrations use 4639301).
    const int FeedLockSpace = 4639302;

    readonly DbConnection? connection;
    readonly FileStream? file;
    readonly string feed;

    FeedLock(string feed, DbConnection? connection, FileStream? file)
    {
        this.feed = feed;
        this.connection = connection;
        this.file = file;
    }

    /// <summary>The feed's lock, or null at once when another run holds it.</summary>
    public static async Task<FeedLock?> TryTakeAsync(Database warehouse, string feed, CancellationToken ct)
    {
        if (warehouse.Target.Engine == Engine.Sqlite) return TakeFile(warehouse, feed);
        var connection = await warehouse.OpenAsync(ct);
        try
        {
            var taken = warehouse.Target.Engine == Engine.Postgres
                ? await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT pg_try_advisory_lock(@space, hashtext(@feed))", new { space = FeedLockSpace, feed },
                    cancellationToken: ct))
                : await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
                    DECLARE @result int;
                    EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive',
                                                 @LockOwner = 'Session', @LockTimeout = 0;
                    SELECT @result;
                    """, new { resource = "impact-feed:" + feed }, cancellationToken: ct)) >= 0;
            if (taken) return new FeedLock(feed, connection, null);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    static FeedLock? TakeFile(Database warehouse, string feed)
    {
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(warehouse.Target.ConnectionString)
            .DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
        var path = Path.Combine(folder, $".{Path.GetFileName(source)}.feed-{feed}.lock");
        try
        {
            return new FeedLock(feed, null, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                FileShare.None));
        }
        catch (IOException)
        {
            return null; // another process (or job) holds it
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (file is not null) await file.DisposeAsync();
        if (connection is null) return;
        try
        {
            // Pooled connections keep their session: release explicitly, or the pool would keep the lock.
            var release = connection is Npgsql.NpgsqlConnection
                ? "SELECT pg_advisory_unlock(@space, hashtext(@feed))"
                : "EXEC sp_releaseapplock @Resource = @resource, @LockOwner = 'Session'";
            await connection.ExecuteAsync(new CommandDefinition(release,
                new { space = FeedLockSpace, feed, resource = "impact-feed:" + feed }));
        }
        catch (DbException)
        {
            // The connection broke: the server ended the session and its lock with it.
        }
        await connection.DisposeAsync();
    }
}
