using Impact.Warehouse;

namespace Impact.Ingest.Sql;

/// <summary>
/// A named operational database and the query that returns KPI rows from it, from the environment
/// (bound at the edge into <see cref="Pipeline.IngestOptions.SqlSources"/>) — never from the repository,
/// since the connection string holds credentials:
/// <c>IMPACT_SQL_&lt;NAME&gt;</c> = <c>sqlite:…</c> | <c>postgres:…</c> | <c>sqlserver:…</c>
/// (the same forms as --db), and
/// <c>IMPACT_SQL_&lt;NAME&gt;_QUERY</c> = the SQL text, or <c>IMPACT_SQL_&lt;NAME&gt;_QUERY_FILE</c> = a file holding
/// it.
/// </summary>
public sealed record SqlConnectionSettings(string Name, DatabaseTarget Target, string Query)
{
    /// <summary>The prefix of every setting of a SQL source.</summary>
    public const string Prefix = "IMPACT_SQL_";

    /// <summary>The source called <paramref name="name"/> among the configured <c>IMPACT_SQL_*</c> settings.</summary>
    public static SqlConnectionSettings Find(string name, IReadOnlyDictionary<string, string> settings)
    {
        var key = Prefix
            + new string(name.Trim().ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var setting = settings.GetValueOrDefault(key);
        if (string.IsNullOrWhiteSpace(setting))
            throw new ImpactException($"No SQL source '{name}' is configured: set {key} to sqlite:<file>, " +
                $"postgres:<connection string> or sqlserver:<connection string>, and {key}_QUERY to the query.");
        var query = settings.GetValueOrDefault(key + "_QUERY");
        if (string.IsNullOrWhiteSpace(query) && settings.GetValueOrDefault(key + "_QUERY_FILE") is { Length: > 0 } file)
        {
            try { query = File.ReadAllText(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ImpactException($"Cannot read the query file {file} named by {key}_QUERY_FILE: " +
                    $"{e.Message.TrimEnd('.')}.", e);
            }
        }
        if (string.IsNullOrWhiteSpace(query))
            throw new ImpactException($"The SQL source '{name}' has no query: set {key}_QUERY (or {key}_QUERY_FILE) " +
                "to a query returning metric_id, subject_id, period_start, value (and optionally changed_at), " +
                "filtered by @since.");
        return new SqlConnectionSettings(name, DatabaseTarget.Parse(setting), query);
    }
}
