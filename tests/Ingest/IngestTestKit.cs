using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Ingest;

/// <summary>Small helpers for ingest tests: files from text, metric definitions, table counts.</summary>
public static class IngestTestKit
{
    public static string File(string text, string extension = ".csv")
    {
        var path = TempFiles.NewPath(extension);
        System.IO.File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
        return path;
    }

    public static string NamedFile(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
        return path;
    }

    /// <summary>Three employees of one team with a numeric and a categorical attribute; E3 leads E1 and E2.</summary>
    public const string EmployeesCsv = """
        employee_id,team_id,role,hire_date,location,manager_id,grade,shift
        E1,T1,Agent,2021-03-01,Leeds,E3,3,early
        E2,T1,Agent,2022-07-15,Leeds,E3,4,late
        E3,T1,Lead,2019-01-10,Leeds,,5,early
        """;

    public const string MetricsJson = """
        [
          {"id": "sales", "name": "Sales", "unit": "EUR", "direction": "higher_is_better", "owner": "Head of Sales",
           "level": "employee", "kind": "performance", "value_per_unit": 1, "currency": "EUR"},
          {"id": "csat", "name": "Team CSAT", "unit": "points", "direction": "higher_is_better",
           "owner": "Service lead", "level": "team", "kind": "performance"}
        ]
        """;

    public static readonly IngestOptions Quiet = new() { Pseudonymizer = Pseudonymizer.None };

    public static Task<IngestSummary> RunAsync(Database w, string source, string path, IngestOptions? options = null) =>
        IngestSources.RunAsync(w, source, path, options ?? Quiet, CancellationToken.None);

    public static async Task<Database> WithMetricsAsync(Engine engine)
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var s = await RunAsync(w, "metrics", File(MetricsJson, ".json"));
        Assert.That(s.ExitCode, Is.Zero, s.Describe());
        return w;
    }

    public static async Task<long> CountAsync(Database w, string table)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"); // table names are test constants
    }

    public static async Task<List<T>> QueryAsync<T>(Database w, string sql, object? args = null)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        return (await db.QueryAsync<T>(sql, args)).ToList();
    }
}
