using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Kpi;

/// <summary>
/// Counts are exact whichever way a batch is written: set-based through a staging table (PostgreSQL, SQL
/// Server), row by row (SQLite, and any batch that repeats a key), and a dry run's equal a real run's.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class KpiBatchCountsTests(Engine engine)
{
    const string Header = "metric_id,subject_id,period_start,value\n";
    const string Stored = Header + "sales,E1,2025-01-01,10\nsales,E2,2025-01-01,12\nsales,E3,2025-01-01,14\n";

    // Batches of 4: the first has an unchanged, a changed and two new rows; the second repeats a key (the
    // later row wins) beside a row changed back and forth.
    const string Next = Header +
        "sales,E1,2025-01-01,10\nsales,E2,2025-01-01,13\nsales,E4,2025-01-01,1\nsales,E5,2025-01-01,2\n" +
        "sales,E6,2025-01-01,5\nsales,E6,2025-01-01,6\nsales,E3,2025-01-01,15\nsales,E3,2025-01-01,14\n";

    [Test]
    public async Task A_batch_of_new_changed_and_unchanged_rows_is_counted_exactly_and_the_later_row_wins()
    {
        var w = await WithMetricsAsync(engine);
        await RunAsync(w, "kpi", File(Stored));
        var options = Quiet with { BatchSize = 4 };

        var dry = await RunAsync(w, "kpi", File(Next), options with { DryRun = true });
        var real = await RunAsync(w, "kpi", File(Next), options);

        // E6: stored, then updated; E3: 14 → 15 → 14, updated twice, as row by row would count it.
        var expected = (Read: 8L, Stored: 3L, Updated: 4L, Unchanged: 1L);
        Assert.That((real.Read, real.Stored, real.Updated, real.Unchanged), Is.EqualTo(expected), real.Describe());
        Assert.That((dry.Read, dry.Stored, dry.Updated, dry.Unchanged), Is.EqualTo(expected), dry.Describe());
        var values = await QueryAsync<(string, double)>(w,
            "SELECT subject_id, value FROM kpi_observations ORDER BY subject_id");
        Assert.That(values, Is.EqualTo(new[] { ("E1", 10.0), ("E2", 13.0), ("E3", 14.0), ("E4", 1.0), ("E5", 2.0),
            ("E6", 6.0) }));

        var again = await RunAsync(w, "kpi", File(Next), options);
        Assert.That((again.Stored, again.Updated, again.Unchanged), Is.EqualTo((0L, 4L, 4L)),
            "E6 (6 → 5 → 6) and E3 (14 → 15 → 14) change twice within the file; the rest is as stored");
    }

    [Test]
    public async Task Timing_the_phases_for_the_bench_times_every_batch_and_changes_no_count()
    {
        var w = await WithMetricsAsync(engine);
        await RunAsync(w, "kpi", File(Stored));
        var phases = new Impact.Ingest.Pipeline.PhaseTimes();

        var timed = await RunAsync(w, "kpi", File(Next), Quiet with { BatchSize = 4, Phases = phases });

        Assert.That((timed.Read, timed.Stored, timed.Updated, timed.Unchanged), Is.EqualTo((8L, 3L, 4L, 1L)));
        var totals = phases.Totals().ToDictionary(p => p.Phase, p => p.Times);
        var seen = string.Join(", ", totals.Select(p => $"{p.Key} x{p.Value}"));
        // Two full batches and the closing one (empty here), each written and committed in its own transaction.
        Assert.That(totals.GetValueOrDefault("kpi: write rows"), Is.EqualTo(3), seen);
        Assert.That(totals.GetValueOrDefault("kpi: commit"), Is.EqualTo(3), seen);
        Assert.That(totals.GetValueOrDefault("kpi: pre-read (hash, encoding, record sizes)"), Is.EqualTo(1), seen);
        // The second batch repeats a key, so it goes row by row; the other two go through the batch writer.
        var batchWriter = engine == Engine.Sqlite ? "kpi_observations: insert or update each row"
            : "kpi_observations: merge staged rows";
        Assert.That(totals.GetValueOrDefault(batchWriter), Is.EqualTo(2), seen);
    }
}
