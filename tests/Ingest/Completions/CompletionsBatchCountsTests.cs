using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Completions;

/// <summary>
/// Completions are counted exactly whichever way a batch is written (set-based on PostgreSQL and SQL Server,
/// row by row on SQLite and for a batch that repeats a key), and an unknown intervention is created once.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class CompletionsBatchCountsTests(Engine engine)
{
    [Test]
    public async Task New_changed_unchanged_and_repeated_completions_are_counted_as_row_by_row_would()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var options = Quiet with { BatchSize = 3 };
        await RunAsync(w, "completions", File("""
            employee_id,intervention_id,completed_on,status,score
            E1,I1,2025-01-10,completed,80
            E2,I1,2025-01-10,completed,
            """), options);

        // Batch 1: unchanged, score now given, new with a new intervention. Batch 2: one key twice, then new.
        var s = await RunAsync(w, "completions", File("""
            employee_id,intervention_id,completed_on,status,score
            E1,I1,2025-01-10,completed,80
            E2,I1,2025-01-10,completed,75
            E3,I2,2025-01-11,passed,90
            E4,I2,2025-01-12,failed,
            E4,I2,2025-01-12,passed,60
            E5,I3,2025-01-13,completed,
            """), options);

        Assert.That((s.Read, s.Stored, s.Updated, s.Unchanged, s.Rejected), Is.EqualTo((6L, 3L, 2L, 1L, 0L)),
            s.Describe());
        Assert.That(s.Notes, Has.Some.Contains("2 interventions were created"));
        var rows = await QueryAsync<(string, string, double?)>(w,
            "SELECT employee_id, status, score FROM completions ORDER BY employee_id");
        Assert.That(rows, Is.EqualTo(new (string, string, double?)[]
        {
            ("E1", "completed", 80), ("E2", "completed", 75), ("E3", "passed", 90), ("E4", "passed", 60),
            ("E5", "completed", null),
        }));
        Assert.That(await CountAsync(w, "interventions"), Is.EqualTo(3));
    }
}
