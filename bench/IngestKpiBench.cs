using System.Globalization;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;
using Microsoft.Data.Sqlite;

namespace Impact.Bench;

/// <summary>
/// <c>ingest-kpi [--rows N] [--repeats R]</c>: generates an N-row kpi CSV (default 1,000,000), ingests it
/// into a fresh SQLite file, and prints rows/s and peak memory (medians), beside a baseline measured in
/// the same run: the same rows inserted by a bare prepared-statement loop in one transaction, with no
/// file reading, validation or upsert logic — the engine's floor. <c>--rows 10000000</c> shows memory
/// stays flat as the file grows.
/// </summary>
public static class IngestKpiBench
{
    const int Metrics = 5, Months = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var repeats = Option(args, "--repeats", 3);
        var folder = Path.Combine(Path.GetTempPath(), $"impact-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            var csv = Path.Combine(folder, "kpi.csv");
            await GenerateAsync(csv, rows);
            Console.WriteLine($"ingest-kpi: {rows:N0} rows, {new FileInfo(csv).Length / 1e6:N0} MB CSV, median of " +
                $"{repeats}");

            var db = Path.Combine(folder, "bench.db");
            Database warehouse = null!;
            IngestSummary? last = null;
            var ingest = await Measure.RepeatAsync(repeats,
                async () => warehouse = await FreshAsync(db),
                async () =>
                    last = await IngestSources.RunAsync(warehouse, "kpi", csv,
                    new IngestOptions { Pseudonymizer = Pseudonymizer.None,
                    BatchSize = Option(args, "--batch", 20_000) }, CancellationToken.None));
            if (last is not { Stored: var stored } || stored != rows)
            {
                Console.Error.WriteLine($"ingest stored {last?.Stored} rows, expected {rows}: {last?.Describe()}");
                return 1;
            }

            var baseline = await Measure.RepeatAsync(repeats, async () => await FreshAsync(db), () =>
                BaselineAsync(db, rows));

            var ti = Measure.MedianTime(ingest);
            var tb = Measure.MedianTime(baseline);
            Console.WriteLine($"  impact ingest kpi : {ti.TotalSeconds,6:N2} s  {rows / ti.TotalSeconds,10:N0} " +
                $"rows/s  peak {Measure.MedianPeak(ingest) / 1e6,6:N0} MB");
            Console.WriteLine($"  baseline (bare)   : {tb.TotalSeconds,6:N2} s  {rows / tb.TotalSeconds,10:N0} " +
                $"rows/s  peak {Measure.MedianPeak(baseline) / 1e6,6:N0} MB");
            Console.WriteLine($"  ratio             : {ti / tb:N2}x the baseline's time  (targets: >= 250,000 " +
                "rows/s, <= 1.5x, peak < 250 MB)");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("KEEP") is null) Directory.Delete(folder, recursive: true);
        }
    }

    static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
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

    static async Task<Database> FreshAsync(string db)
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        var warehouse = Database.FromSetting("sqlite:" + db);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        await using var connection = await warehouse.OpenAsync(CancellationToken.None);
        for (var m = 0; m < Metrics; m++)
            await connection.ExecuteAsync(
                "INSERT INTO metrics (metric_id, name, direction, owner, level, kind) VALUES (@id, @id, " +
                "'higher_is_better', 'bench', 'employee', 'performance')",
                new { id = $"m{m}" });
        return warehouse;
    }

    static async Task BaselineAsync(string db, long rows)
    {
        await using var connection = await Database.FromSetting("sqlite:" + db).OpenAsync(CancellationToken.None);
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText =
            "INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) VALUES (@m, @s, @p, @v)";
        var (m, s, p, v) = (command.CreateParameter(), command.CreateParameter(), command.CreateParameter(),
            command.CreateParameter());
        (m.ParameterName, s.ParameterName, p.ParameterName, v.ParameterName) = ("@m", "@s", "@p", "@v");
        command.Parameters.AddRange(new[] { m, s, p, v });
        command.Prepare();
        for (long i = 0; i < rows; i++)
        {
            var r = Row(i);
            (m.Value, s.Value, p.Value, v.Value) = (r.Metric, r.Subject, r.Period, r.Value);
            command.ExecuteNonQuery();
        }
        await tx.CommitAsync();
    }
}
