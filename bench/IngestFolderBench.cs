using System.Globalization;
using Impact.Ingest.Pipeline;
using Impact.Models.Panels;
using Impact.Models.Simulation;
using Impact.Warehouse;

namespace Impact.Bench;

/// <summary>
/// The sample organisation end to end (<c>impact sample --employees N</c>, default 100,000), on
/// <c>--engine sqlite|postgres</c>, medians of <c>--repeats R</c> (default 3); <c>--phases</c> prints where the
/// last load's time went, <c>--batch B</c> measures another batch size:
/// <list type="bullet">
/// <item><c>ingest-folder</c>: <c>impact ingest folder</c> into a fresh warehouse, wall time and peak memory,
/// beside the floor of its two big files (kpi.csv and completions.csv loaded by <see cref="EngineFloor"/>
/// into tables with the same key).</item>
/// <item><c>estimate-read</c>: reading that warehouse into the models' organisation
/// (<see cref="WarehouseReader.ReadAsync"/>), beside the floor of reading the same KPI columns with a bare
/// data reader and keeping nothing.</item>
/// </list>
/// </summary>
public static class IngestFolderBench
{
    const string KpiTable = "CREATE TABLE kpi_observations (metric_id {key} NOT NULL, subject_id {key} NOT NULL, " +
        "period_start {date} NOT NULL, value {double} NOT NULL, PRIMARY KEY (metric_id, subject_id, period_start))";

    const string CompletionsTable = "CREATE TABLE completions (employee_id {key} NOT NULL, intervention_id {key} " +
        "NOT NULL, completed_on {date} NOT NULL, status {short} NOT NULL, score {double} NULL, " +
        "PRIMARY KEY (employee_id, intervention_id, completed_on))";

    public static Task<int> IngestAsync(string[] args) => RunAsync(args, read: false);

    public static Task<int> ReadAsync(string[] args) => RunAsync(args, read: true);

    static async Task<int> RunAsync(string[] args, bool read)
    {
        var existing = BenchArgs.Text(args, "--warehouse", "");
        if (read && existing.Length > 0)
            return await ReadExistingAsync(existing, BenchArgs.Number(args, "--repeats", 3));
        var employees = BenchArgs.Number(args, "--employees", 100_000);
        var repeats = BenchArgs.Number(args, "--repeats", 3);
        var engine = BenchArgs.Text(args, "--engine", "sqlite");
        var folder = Path.Combine(Path.GetTempPath(), $"impact-bench-{Environment.ProcessId}");
        var sample = Path.Combine(folder, "sample");
        Directory.CreateDirectory(sample);
        using var postgres = engine == "postgres" ? BenchPostgres.Start() : null;
        try
        {
            var simulation = new SimulationOptions { Employees = employees };
            await CanonicalFiles.WriteAsync(new OrganisationSimulator(simulation).Run(), sample, simulation,
                CancellationToken.None);
            var kpi = Path.Combine(sample, "kpi.csv");
            var kpiRows = File.ReadLines(kpi).LongCount() - 1;
            Console.WriteLine($"{(read ? "estimate-read" : "ingest-folder")} --engine {engine}: {employees:N0} " +
                $"employees, {kpiRows:N0} KPI rows, median of {repeats}");
            var fresh = postgres is null ? IngestKpiBench.SqliteSetting(Path.Combine(folder, "bench.db"))
                : () => "postgres:" + postgres.ConnectionString(postgres.CreateDatabase());
            Database warehouse = null!;
            // Always timed (once per batch, nothing measurable), so the refresh at the end is always printed.
            var phases = new PhaseTimes();
            var options = new IngestOptions
            {
                Pseudonymizer = Pseudonymizer.None, Phases = phases,
                BatchSize = BenchArgs.Number(args, "--batch", new IngestOptions().BatchSize),
            };
            async Task Fresh()
            {
                warehouse = Database.FromSetting(fresh());
                await Migrator.MigrateAsync(warehouse, CancellationToken.None);
                phases.Clear();
            }
            FolderReport? report = null;
            async Task Ingest() => report = await FolderIngest.RunAsync(warehouse, sample, options,
                CancellationToken.None);
            var status = read ? await ReadBothAsync(repeats, Fresh, Ingest, () => warehouse)
                : await IngestBothAsync(repeats, Fresh, Ingest, new EngineFloor(postgres, folder), sample);
            if (!read)
                foreach (var s in report!.Summaries)
                    Console.WriteLine(
                        $"    last run, {s.Source,-13}: {s.Elapsed.TotalSeconds,7:N2} s  {s.Read,10:N0} rows");
            if (!read)
                Console.WriteLine($"    last run, {"refresh",-13}: {RefreshTime(phases).TotalSeconds,7:N2} s  " +
                    "(KPI sums per team, role and location, after the last file)");
            if (!read && BenchArgs.Flag(args, "--phases")) IngestKpiBench.PrintPhases(phases);
            return status;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("KEEP") is null) Directory.Delete(folder, recursive: true);
        }
    }

    static async Task<int> IngestBothAsync(int repeats, Func<Task> fresh, Func<Task> ingest, EngineFloor floor,
        string sample)
    {
        var ingested = await Measure.RepeatAsync(repeats, fresh, ingest);
        var floors = await Measure.RepeatAsync(repeats, () =>
        {
            floor.Prepare(KpiTable, CompletionsTable);
            return Task.CompletedTask;
        }, () =>
        {
            floor.Load(Path.Combine(sample, "kpi.csv"), "kpi_observations");
            floor.Load(Path.Combine(sample, "completions.csv"), "completions");
            return Task.CompletedTask;
        });
        var (ti, tf) = (Measure.MedianTime(ingested), Measure.MedianTime(floors));
        Console.WriteLine($"  impact ingest folder : {ti.TotalSeconds,7:N2} s  peak " +
            $"{Measure.MedianPeak(ingested) / 1e6,6:N0} MB");
        Console.WriteLine($"  {floor.Name,-21}: {tf.TotalSeconds,7:N2} s  (kpi.csv and completions.csv)");
        Console.WriteLine($"  ratio                : {ti / tf:N2}x the floor's time");
        return 0;
    }

    static async Task<int> ReadBothAsync(int repeats, Func<Task> fresh, Func<Task> ingest, Func<Database> warehouse)
    {
        await fresh();
        await ingest();
        Organisation? org = null;
        // Panels included: they are what the models consume, and building them was the other half of reading.
        var reads = await Measure.RepeatAsync(repeats, () => Task.CompletedTask, async () =>
        {
            org = await WarehouseReader.ReadAsync(warehouse(), null, CancellationToken.None);
            foreach (var metric in org.Metrics) PanelBuilder.Build(org, metric);
        });
        long floorRows = 0;
        var floors = await Measure.RepeatAsync(repeats, () => Task.CompletedTask, async () =>
            floorRows = await BareReadAsync(warehouse()));
        var (tr, tf) = (Measure.MedianTime(reads), Measure.MedianTime(floors));
        Console.WriteLine($"  reader + panels      : {tr.TotalSeconds,7:N2} s  {org!.Kpis.Count:N0} KPI rows, peak " +
            $"{Measure.MedianPeak(reads) / 1e6,6:N0} MB, CPU {Measure.MedianCpu(reads).TotalSeconds:N2} s");
        Console.WriteLine($"  bare data reader     : {tf.TotalSeconds,7:N2} s  {floorRows:N0} KPI rows read, " +
            $"none kept, CPU {Measure.MedianCpu(floors).TotalSeconds:N2} s");
        Console.WriteLine($"  ratio                : {tr / tf:N2}x the floor's time");
        return 0;
    }

    /// <summary>
    /// <c>estimate-read --warehouse SETTING</c>: reads a warehouse already loaded (e.g. <c>sqlite:/tmp/x.db</c>),
    /// which it never writes, so the 100,000-employee case costs minutes of reading instead of loading too.
    /// </summary>
    static async Task<int> ReadExistingAsync(string setting, int repeats)
    {
        var warehouse = Database.FromSetting(setting);
        Console.WriteLine($"estimate-read --warehouse {setting}: median of {repeats}");
        try
        {
            return await ReadBothAsync(repeats, () => Task.CompletedTask, () => Task.CompletedTask, () => warehouse);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    static TimeSpan RefreshTime(PhaseTimes phases) =>
        phases.Totals().Where(p => p.Phase == SummaryRefresh.Phase).Select(p => p.Time).SingleOrDefault();

    static async Task<long> BareReadAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT subject_id, period_start, value FROM kpi_observations";
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        double sum = 0;
        while (await reader.ReadAsync())
        {
            rows += reader.GetString(0).Length > 0 && reader.GetString(1).Length > 0 ? 1 : 0;
            sum += reader.GetDouble(2);
        }
        return double.IsNaN(sum) ? -1 : rows;
    }

}
