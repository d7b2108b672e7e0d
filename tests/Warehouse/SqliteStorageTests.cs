using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Warehouse;

/// <summary>SQLite's own storage choice (migration 0009): the big keyed tables hold their rows in the key.</summary>
public sealed class SqliteStorageTests
{
    [Test]
    public async Task Observation_tables_keep_their_rows_in_the_key_and_reads_by_metric_search_it()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        foreach (var table in new[] { "kpi_observations", "completions", "survey_answers" })
            Assert.That(await db.ExecuteScalarAsync<string>(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }),
                Does.EndWith("WITHOUT ROWID"), table);
        var plan = string.Join(" | ", (await db.QueryAsync<(long, long, long, string Detail)>("""
            EXPLAIN QUERY PLAN
            SELECT subject_id, period_start, value FROM kpi_observations WHERE metric_id = 'sales'
            """)).Select(r => r.Detail));
        Assert.That(plan, Does.Contain("SEARCH kpi_observations USING PRIMARY KEY (metric_id=?)"));
    }
}
