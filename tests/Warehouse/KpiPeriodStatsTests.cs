using System.Globalization;
using System.Text;
using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Warehouse;

/// <summary>
/// <c>kpi_period_stats</c> (migration 0015) is never wrong: after random ingests (new rows, corrections,
/// repeated keys, re-ingests, a dry run), deletions and hand-written updates that move a period's lowest and
/// highest value inwards, every row equals the same GROUP BY over <c>kpi_observations</c>, on every engine.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class KpiPeriodStatsTests(Engine engine)
{
    static readonly string[] Periods = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"];

    [Test]
    public async Task Every_period_equals_the_group_by_over_the_rows_after_random_ingests_and_corrections()
    {
        var w = await WithMetricsAsync(engine);
        var random = new Random(20261130);
        for (var round = 0; round < 5; round++)
        {
            // Small batches: several per file, some with a repeated key (written row by row on every engine).
            var options = Quiet with { BatchSize = 5 + round };
            var file = File(RandomKpis(random, rows: 40));
            var real = await RunAsync(w, "kpi", file, options);
            Assert.That(real.ExitCode, Is.Zero, real.Describe());
            await AssertStatsMatchRowsAsync(w, $"after ingest {round}");

            var dry = await RunAsync(w, "kpi", File(RandomKpis(random, rows: 30)), options with { DryRun = true });
            Assert.That(dry.ExitCode, Is.Zero, dry.Describe());
            await AssertStatsMatchRowsAsync(w, $"after dry run {round}");

            var again = await RunAsync(w, "kpi", file, options);
            Assert.That(again.Stored, Is.Zero, again.Describe());
            await AssertStatsMatchRowsAsync(w, $"after re-ingest {round}");
        }

        await using (var db = await w.OpenAsync(CancellationToken.None))
        {
            // Take out and pull in the extremes: the lowest raised, the highest lowered, one whole period deleted.
            await db.ExecuteAsync("""
                UPDATE kpi_observations SET value = value + 500
                WHERE metric_id = 'sales' AND period_start = '2025-01-01'
                  AND value = (SELECT MIN(value) FROM kpi_observations
                               WHERE metric_id = 'sales' AND period_start = '2025-01-01')
                """);
            await db.ExecuteAsync("""
                UPDATE kpi_observations SET value = -value
                WHERE metric_id = 'csat' AND value = (SELECT MAX(value) FROM kpi_observations WHERE metric_id = 'csat')
                """);
            await db.ExecuteAsync("DELETE FROM kpi_observations WHERE period_start = '2025-02-01'");
            await db.ExecuteAsync("""
                DELETE FROM kpi_observations WHERE metric_id = 'sales' AND period_start = '2025-03-01'
                  AND value = (SELECT MAX(value) FROM kpi_observations
                               WHERE metric_id = 'sales' AND period_start = '2025-03-01')
                """);
            await db.ExecuteAsync("UPDATE kpi_observations SET period_start = '2025-05-01' WHERE subject_id = 'E3' " +
                "AND period_start = '2025-04-01'");
        }
        await AssertStatsMatchRowsAsync(w, "after hand-written corrections and deletions");
        Assert.That(await QueryAsync<string>(w, "SELECT period_start FROM kpi_period_stats WHERE period_start = " +
            "'2025-02-01'"), Is.Empty, "a period whose rows are all deleted is gone");
    }

    [Test]
    public async Task Whole_batches_of_new_rows_and_corrections_keep_every_period_exact_and_hand_inserts_still_count()
    {
        // Distinct keys per file, so every batch is written whole (on SQLite: sums added per period, not per row).
        var w = await WithMetricsAsync(engine);
        var random = new Random(20261201);
        var keys = Enumerable.Range(1, 12).SelectMany(e => Periods.Select(p => (Subject: $"E{e}", Period: p)))
            .ToList();
        for (var round = 0; round < 4; round++)
        {
            // Half the keys each round: some new, some stored with another value (the extremes move), some equal.
            var csv = new StringBuilder("metric_id,subject_id,period_start,value\n");
            foreach (var (subject, period) in keys.Where(_ => random.Next(2) == 0))
                csv.Append(CultureInfo.InvariantCulture,
                    $"sales,{subject},{period},{Math.Round(random.NextDouble() * 200 - 50, random.Next(1, 16))}\n");
            var real = await RunAsync(w, "kpi", File(csv.ToString()), Quiet with { BatchSize = 7 + round * 10 });
            Assert.That(real.ExitCode, Is.Zero, real.Describe());
            await AssertStatsMatchRowsAsync(w, $"after batch ingest {round}");
            var again = await RunAsync(w, "kpi", File(csv.ToString()), Quiet with { BatchSize = 7 + round * 10 });
            Assert.That((again.Stored, again.Updated), Is.EqualTo((0L, 0L)), "values come back bit for bit");
        }
        if (engine == Engine.Sqlite)
            Assert.That(await QueryAsync<long>(w, "SELECT COUNT(*) FROM kpi_period_stats_batch"),
                Is.EqualTo(new[] { 0L }),
                "the guard row never outlives its batch");

        await using (var db = await w.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) " +
                "VALUES ('sales', 'E99', '2025-01-01', 1000000), ('csat', 'T9', '2025-06-01', -3)");
        await AssertStatsMatchRowsAsync(w, "after hand-written inserts");
    }

    [Test]
    public async Task Upgrading_fills_the_periods_from_the_rows_already_stored()
    {
        var w = await TestDatabases.CreateEmptyAsync(engine);
        await Migrator.MigrateAsync(w, CancellationToken.None, targetVersion: 14);
        await using (var db = await w.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("""
                INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) VALUES (@m, @s, @p, @v)
                """, new[]
            {
                new { m = "sales", s = "E1", p = "2025-01-01", v = 2.0 },
                new { m = "sales", s = "E2", p = "2025-01-01", v = 4.0 },
                new { m = "sales", s = "E1", p = "2025-02-01", v = 5.0 },
                new { m = "csat", s = "T1", p = "2025-01-01", v = 3.5 },
            });

        await Migrator.MigrateAsync(w, CancellationToken.None);

        var stats = await QueryAsync<(string, string, long, double, double, double, double)>(w, """
            SELECT metric_id, period_start, subjects, total, squares, low, high FROM kpi_period_stats
            ORDER BY metric_id, period_start
            """);
        Assert.That(stats, Is.EqualTo(new[]
        {
            ("csat", "2025-01-01", 1L, 3.5, 12.25, 3.5, 3.5), ("sales", "2025-01-01", 2L, 6.0, 20.0, 2.0, 4.0),
            ("sales", "2025-02-01", 1L, 5.0, 25.0, 5.0, 5.0),
        }));
        await AssertStatsMatchRowsAsync(w, "after the upgrade");
    }

    /// <summary>Employee-level sales for E1–E12, team-level CSAT for T1–T3: values with cents, keys repeated.
    /// </summary>
    static string RandomKpis(Random random, int rows)
    {
        var csv = new StringBuilder("metric_id,subject_id,period_start,value\n");
        for (var i = 0; i < rows; i++)
        {
            var sales = random.Next(3) > 0;
            var subject = sales ? $"E{random.Next(1, 13)}" : $"T{random.Next(1, 4)}";
            var value = Math.Round(random.NextDouble() * 200 - 50, 2).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture,
                $"{(sales ? "sales" : "csat")},{subject},{Periods[random.Next(Periods.Length)]},{value}\n");
        }
        return csv.ToString();
    }

    static async Task AssertStatsMatchRowsAsync(Database w, string when)
    {
        var stored = await QueryAsync<Stats>(w, """
            SELECT metric_id AS Metric, period_start AS Period, subjects AS Subjects, total AS Total,
                   squares AS Squares, low AS Low, high AS High
            FROM kpi_period_stats ORDER BY metric_id, period_start
            """);
        var grouped = await QueryAsync<Stats>(w, """
            SELECT metric_id AS Metric, period_start AS Period, CAST(COUNT(*) AS BIGINT) AS Subjects,
                   SUM(value) AS Total, SUM(value * value) AS Squares, MIN(value) AS Low, MAX(value) AS High
            FROM kpi_observations GROUP BY metric_id, period_start ORDER BY metric_id, period_start
            """);
        Assert.That(grouped, Is.Not.Empty, when);
        Assert.That(stored.Select(s => (s.Metric, s.Period, s.Subjects, s.Low, s.High)),
            Is.EqualTo(grouped.Select(s => (s.Metric, s.Period, s.Subjects, s.Low, s.High))), when);
        // Sums moved by deltas round differently from one SUM: equal to well within a cent.
        for (var i = 0; i < grouped.Count; i++)
        {
            Assert.That(stored[i].Total, Is.EqualTo(grouped[i].Total).Within(1e-6), $"{when}: total {grouped[i]}");
            Assert.That(stored[i].Squares, Is.EqualTo(grouped[i].Squares).Within(1e-4),
                $"{when}: squares {grouped[i]}");
        }
    }

    sealed record Stats(string Metric, string Period, long Subjects, double Total, double Squares, double Low,
        double High);
}
