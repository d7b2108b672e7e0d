using System.Data.Common;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Impact.Warehouse.Runs;

/// <summary>
/// Turns any exception into the one sentence a run ends with (in its run record and on stderr), and says
/// whether trying the same work again may succeed. The stack trace goes to <see cref="FailureLog"/>, never
/// to the terminal. Used by ingest runs, estimate runs, the CLI and the dashboard's start-up alike.
/// </summary>
public static partial class Failure
{
    /// <summary>One line, no stack trace: what stopped the work, in words a user can act on.</summary>
    public static string Explain(Exception e)
    {
        var text = e switch
        {
            ImpactException => e.Message,
            SqliteException { SqliteErrorCode: 5 or 6 } =>
                "The SQLite warehouse stayed locked by another process for longer than Impact waits; " +
                $"try again when the other work is done, or raise {RetryPolicy.BusyTimeoutVariable}",
            SqliteException s => $"SQLite refused a statement: {Clean(s.Message)}",
            Npgsql.PostgresException p =>
                $"PostgreSQL refused a statement: {Clean(p.MessageText)} (SQLSTATE {p.SqlState})",
            Npgsql.NpgsqlException n => $"The connection to PostgreSQL failed: {Clean(Innermost(n).Message)}",
            Microsoft.Data.SqlClient.SqlException s =>
                $"SQL Server refused a statement: {Clean(s.Message)} (error {s.Number})",
            DbException d => $"The warehouse database failed: {Clean(d.Message)}",
            HttpRequestException or SocketException => $"A network request failed: {Clean(Innermost(e).Message)}",
            IOException or UnauthorizedAccessException => $"An input or output failed: {Clean(e.Message)}",
            OutOfMemoryException => "Impact ran out of memory",
            OperationCanceledException => "The work was cancelled",
            _ => $"An unexpected error stopped the work ({e.GetType().Name}: {Clean(e.Message)})",
        };
        text = Clean(text);
        return text.EndsWith('.') ? text : text + ".";
    }

    /// <summary>
    /// True when the same work may succeed if tried again: a busy or locked SQLite file, a PostgreSQL
    /// deadlock or serialization failure, a dropped connection, a server restarting, a timeout.
    /// Wrong data, wrong SQL and refused credentials are not transient.
    /// </summary>
    public static bool IsTransient(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqliteException s:
                    return s.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED
                case Npgsql.PostgresException p:
                    // 40001 serialization, 40P01 deadlock, 57P0x shutdown, 53xxx out of resources, 08xxx connection.
                    return p.IsTransient || p.SqlState is "40001" or "40P01";
                case Npgsql.NpgsqlException n when n.IsTransient:
                    return true;
                case Microsoft.Data.SqlClient.SqlException s:
                    return s.IsTransient || s.Number is 1205 or -2 or 40001 or 40197 or 40501 or 40613;
                case DbException d when d.IsTransient:
                    return true;
                case SocketException or TimeoutException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>True when the connection can no longer be used and a new one must be opened.</summary>
    public static bool BrokeConnection(DbConnection connection) =>
        connection.State is not System.Data.ConnectionState.Open;

    static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    // Provider messages can span lines ("SQLite Error 5: 'database is locked'.\n..."): one line, one space.
    static string Clean(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
