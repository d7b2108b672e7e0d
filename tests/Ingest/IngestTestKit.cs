using Dapper;
using Impact.Ingest.Db;
using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;

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

    public const string Metrics = """
        [
          {"id": "sales", "name": "Sales", "unit": "EUR", "direction": "higher_is_better", "owner": "Head of Sales", "level": "employee", "kind": "performance", "value_per_unit": 1, "currency": "EUR"},
          {"id": "csat", "name": "Team CSAT", "unit": "points", "direction": "higher_is_better", "owner": "Service lead", "level": "team", "kind": "performance"}
        ]
        """;

    public static readonly IngestOptions Quiet = new() { Pseudonymizer = Pseudonymizer.None };

    public static Task<IngestSummary> RunAsync(Warehouse w, string source, string path, IngestOptions? options = null) =>
        IngestSources.RunAsync(w, source, path, options ?? Quiet, CancellationToken.None);

    public static async Task<Warehouse> WithMetricsAsync(Engine engine)
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var s = await RunAsync(w, "metrics", File(Metrics, ".json"));
        Assert.That(s.ExitCode, Is.Zero, s.Describe());
        return w;
    }

    public static async Task<long> CountAsync(Warehouse w, string table)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"); // table names are test constants
    }

    public static async Task<List<T>> QueryAsync<T>(Warehouse w, string sql, object? args = null)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        return (await db.QueryAsync<T>(sql, args)).ToList();
    }
}
