namespace Impact.Warehouse;

public enum Engine { Sqlite, Postgres, SqlServer }

/// <summary>
/// Which warehouse to use, parsed from the one setting users give: <c>--db</c> on the CLI,
/// <c>IMPACT_DB</c> for the web app. Forms: <c>sqlite:&lt;file&gt;</c>,
/// <c>postgres:&lt;Npgsql connection string&gt;</c>, <c>sqlserver:&lt;SqlClient connection string&gt;</c>.
/// </summary>
public sealed record DatabaseTarget(Engine Engine, string ConnectionString, string Display)
{
    public const string Default = "sqlite:impact.db";
    public const string EnvironmentVariable = "IMPACT_DB";

    public static DatabaseTarget Parse(string? setting)
    {
        setting = string.IsNullOrWhiteSpace(setting) ? Default : setting.Trim();
        var colon = setting.IndexOf(':');
        var scheme = colon > 0 ? setting[..colon].ToLowerInvariant() : "";
        var rest = colon > 0 ? setting[(colon + 1)..].Trim() : "";
        if (rest.Length == 0 || scheme is not ("sqlite" or "postgres" or "postgresql" or "sqlserver"))
            throw new ImpactException(
                $"The database setting '{Redact(setting)}' is not understood: use sqlite:<file>, " +
                "postgres:<connection string> or sqlserver:<connection string>.");

        return scheme switch
        {
            "sqlite" => Sqlite(rest),
            "sqlserver" => Server(Engine.SqlServer, rest),
            _ => Server(Engine.Postgres, rest),
        };
    }

    static DatabaseTarget Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        };
        return new DatabaseTarget(Engine.Sqlite, builder.ToString(), $"SQLite file {full}");
    }

    static DatabaseTarget Server(Engine engine, string connectionString)
    {
        var name = engine == Engine.Postgres ? "PostgreSQL" : "SQL Server";
        try
        {
            if (engine == Engine.Postgres)
            {
                var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
                if (string.IsNullOrEmpty(b.Host)) throw new ArgumentException("it names no Host");
                return new DatabaseTarget(engine, b.ConnectionString,
                    $"{name} at {b.Host}:{b.Port}/{b.Database ?? b.Username}");
            }
            var s = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(s.DataSource)) throw new ArgumentException("it names no Server");
            return new DatabaseTarget(engine, s.ConnectionString, $"{name} at {s.DataSource}/{s.InitialCatalog}");
        }
        catch (Exception e) when (
            e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ImpactException($"The {name} connection string is not valid: {e.Message.TrimEnd('.')}.", e);
        }
    }

    /// <summary>Never echo a password back to a terminal or log.</summary>
    static string Redact(string setting) =>
        System.Text.RegularExpressions.Regex.Replace(setting, @"(?i)(password|pwd)\s*=[^;]*", "$1=***");

    public override string ToString() => Display;
}
