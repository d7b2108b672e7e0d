using System.Security.Cryptography;
using System.Text;
using Dapper;
using Impact.Warehouse;
using Microsoft.Data.Sqlite;

namespace Impact.Tests.Ingest;

/// <summary>
/// A fingerprint of everything a run can store (every data table, rows in a fixed order), to prove that a
/// run whose exit code says "nothing stored" left the warehouse exactly as it was. The run bookkeeping
/// (ingest_runs, ingest_rejections) is left out: recording the attempt is the point.
/// </summary>
public static class WarehouseDump
{
    static readonly string[] DataTables =
    [
        "teams", "employees", "employee_attributes", "attribute_definitions", "interventions", "completions", "metrics",
        "kpi_observations", "survey_responses", "survey_answers", "identities", "xapi_statements", "xapi_results",
        "source_watermarks",
    ];

    public static async Task<string> HashAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var text = new StringBuilder();
        foreach (var table in DataTables)
        {
            var rows = (await db.QueryAsync($"SELECT * FROM {table}")) // table names are constants above
                .Select(r => string.Join('\u001f', ((IDictionary<string, object?>)r)
                    .OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={Text(c.Value)}")))
                .Order(StringComparer.Ordinal);
            text.Append(table).Append('\n');
            foreach (var row in rows) text.Append(row).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    static string? Text(object? value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The warehouse as the CLI's --db option names it.</summary>
    public static string Setting(Database warehouse) => warehouse.Target.Engine switch
    {
        Engine.Sqlite => "sqlite:" + new SqliteConnectionStringBuilder(warehouse.Target.ConnectionString).DataSource,
        Engine.Postgres => "postgres:" + warehouse.Target.ConnectionString,
        _ => "sqlserver:" + warehouse.Target.ConnectionString,
    };
}
