using System.Globalization;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;
using Microsoft.Data.Sqlite;

namespace Impact.Bench;

/// <summary>
/// <c>ingest-kpi [--engine sqlite|postgres] [--rows N] [--repeats R] [--batch B] [--phases]
/// [--without-stats-trigger] [--pragma NAME=VALUE]</c>: generates an N-row kpi
/// CSV (default 1,000,000) and ingests it into a fresh warehouse, beside the engine's own bulk loader as the
/// floor, measured in the same run on the same file: <c>sqlite3 .import</c> / <c>psql \copy</c> into a table
/// with the same columns and key (the floor includes building the key). Medians of R (default 3). PostgreSQL
/// is a throw-away cluster this case starts (<see cref="BenchPostgres"/>). <c>--phases</c> prints where the last
/// run's time went (<see cref="PhaseTimes"/>); <c>--without-stats-trigger</c> loads into a warehouse whose
/// insert trigger on kpi_observations is switched off, to measure what keeping <c>kpi_period_stats</c> costs
/// (such a warehouse's period stats are wrong: an experiment, never a setting); <c>--pragma</c> sets a SQLite
/// pragma on the pooled connection the load then writes through, to measure a setting before adopting it.
/// </summary>
public static class IngestKpiBench
{
    const int Metrics = 5, Months = 10;

    const string FloorTable = "CREATE TABLE kpi (metric_id {key} NOT NULL, subject_id {key} NOT NULL, " +
        "period_start {date} NOT NULL, value {double} NOT NULL, PRIMARY KEY (metric_id, subject_id, period_start))";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = BenchArgs.Number(args, "--rows", 1_000_000);
        var repeats = BenchArgs.Number(args, "--repeats", 3);
        var engine = BenchArgs.Text(args, "--engine", "sqlite");
        var phases = BenchArgs.Flag(args, "--phases") ? new PhaseTimes() : null;
        var withoutTrigger = BenchArgs.Flag(args, "--without-stats-trigger");
        var pragma = BenchArgs.Text(args, "--pragma", "");
        var folder = Path.Combine(Path.GetTempPath(), $"impact-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        using var postgres = engine == "postgres" ? BenchPostgres.Start() : null;
        try
        {
            var csv = Path.Combine(folder, "kpi.csv");
            await GenerateAsync(csv, rows);
            Console.WriteLine($"ingest-kpi --engine {engine}: {rows:N0} rows, {new FileInfo(csv).Length / 1e6:N0} MB " +
                $"CSV, median of {repeats}");
            var floor = new EngineFloor(postgres, folder);
            var fresh = postgres is null ? SqliteSetting(Path.Combine(folder, "bench.db"))
                : () => "postgres:" + postgres.ConnectionString(postgres.CreateDatabase());
            Database warehouse = null!;
            IngestSummary? last = null;
            var options = new IngestOptions
            {
                Pseudonymizer = Pseudonymizer.None, BatchSize = BenchArgs.Number(args, "--batch", 20_000),
                Phases = phases,
            };
            var ingest = await Measure.RepeatAsync(repeats, async () =>
                {
                    warehouse = await MigratedAsync(fresh(), withoutTrigger, pragma);
                    phases?.Clear();
                },
                async () => last = await IngestSources.RunAsync(warehouse, "kpi", csv, options,
                    CancellationToken.None));
            if (last is not { Stored: var stored } || stored != rows)
            {
                Console.Error.WriteLine($"ingest stored {last?.Stored} rows, expected {rows}: {last?.Describe()}");
                return 1;
            }
            // Before the floor: on PostgreSQL the floor's new database drops the last warehouse.
            long checkedRows = 0;
            var reads = await Measure.RepeatAsync(repeats, () => Task.CompletedTask, async () =>
                checkedRows = await ReadAndCheckAsync(warehouse, csv, options));

            var floors = await Measure.RepeatAsync(repeats, () =>
            {
                floor.Prepare(FloorTable);
                return Task.CompletedTask;
            }, () =>
            {
                floor.Load(csv, "kpi");
                return Task.CompletedTask;
            });

            var (ti, tf) = (Measure.MedianTime(ingest), Measure.MedianTime(floors));
            Console.WriteLine($"  impact ingest kpi : {ti.TotalSeconds,7:N2} s  {rows / ti.TotalSeconds,10:N0} " +
                $"rows/s  peak {Measure.MedianPeak(ingest) / 1e6,6:N0} MB");
            Console.WriteLine($"  {floor.Name,-18}: {tf.TotalSeconds,7:N2} s  " +
                $"{rows / tf.TotalSeconds,10:N0} rows/s");
            var tr = Measure.MedianTime(reads);
            Console.WriteLine($"  read+check only   : {tr.TotalSeconds,7:N2} s  " +
                $"{checkedRows / tr.TotalSeconds,10:N0} rows/s  (pre-read, CSV parse and checks; nothing written)");
            Console.WriteLine($"  ratio             : {ti / tf:N2}x the floor's time (target <= 2x, peak <= 250 MB)" +
                (withoutTrigger ? "  [WITHOUT the stats trigger: an experiment]" : "") +
                (pragma.Length > 0 ? $"  [PRAGMA {pragma}]" : ""));
            Console.WriteLine($"  CPU of the ingest : {Measure.MedianCpu(ingest).TotalSeconds,7:N2} s (median, " +
                "every thread)");
            if (phases is not null) PrintPhases(phases);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("KEEP") is null) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The ingest's own reading half alone, for where the time goes: the pre-read (hash, encoding), the CSV
    /// parse and every row's checks, as the run does them, with nothing written.
    /// </summary>
    static async Task<long> ReadAndCheckAsync(Database warehouse, string csv, IngestOptions options)
    {
        var ct = CancellationToken.None;
        await using var connection = await warehouse.OpenAsync(ct);
        var facts = await FileCheck.ScanAsync(csv, InputKind.Csv, ct);
        var context = new IngestContext(warehouse, connection, 0, options, Pseudonymizer.None, facts);
        await using var source = new Impact.Ingest.Kpi.KpiCsvSource(csv);
        await source.PrepareAsync(context, ct);
        long rows = 0;
        await foreach (var item in source.ReadAsync(context, ct))
            if (item.Row is not null) rows++;
        return rows;
    }

    /// <summary>A fresh SQLite file each time it is called: its setting.</summary>
    public static Func<string> SqliteSetting(string db) => () =>
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        return "sqlite:" + db;
    };

    /// <summary>The last run's phases; the reader and the writer overlap, so they add up to more than its wall
    /// time.</summary>
    public static void PrintPhases(PhaseTimes phases)
    {
        Console.WriteLine("  phases of the last run (total over its batches):");
        foreach (var (phase, time, times) in phases.Totals())
            Console.WriteLine($"    {phase,-44}: {time.TotalSeconds,7:N2} s  ({times:N0} times)");
    }

    static async Task<Database> MigratedAsync(string setting, bool withoutTrigger, string pragma)
    {
        var warehouse = Database.FromSetting(setting);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        await using var connection = await warehouse.OpenAsync(CancellationToken.None);
        if (withoutTrigger)
            await connection.ExecuteAsync(warehouse.Dialect.Engine == Engine.Sqlite
                ? "DROP TRIGGER kpi_period_stats_insert"
                : "ALTER TABLE kpi_observations DISABLE TRIGGER kpi_period_stats_insert");
        // The bench's own argument, never input from elsewhere; pooled, the load's connection is this one.
        if (pragma.Length > 0) await connection.ExecuteAsync($"PRAGMA {pragma}");
        for (var m = 0; m < Metrics; m++)
            await connection.ExecuteAsync(
                "INSERT INTO metrics (metric_id, name, direction, owner, level, kind) VALUES (@id, @id, " +
                "'higher_is_better', 'bench', 'employee', 'performance')",
                new { id = $"m{m}" });
        return warehouse;
    }

    static (string Metric, string Subject, string Period, double Value) Row(long i)
    {
        var metric = (int)(i % Metrics);
        var month = (int)(i / Metrics % Months);
        var subject = i / (Metrics * Months);
        return ($"m{metric}", $"E{subject:D7}", $"2025-{month + 1:D2}-01", Math.Round(100 + i % 997 * 0.37, 2));
    }

    static async Task GenerateAsync(string path, long rows)
    {
        await using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync("metric_id,subject_id,period_start,value");
        for (long i = 0; i < rows; i++)
        {
            var r = Row(i);
            await writer.WriteLineAsync(
                $"{r.Metric},{r.Subject},{r.Period},{r.Value.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
