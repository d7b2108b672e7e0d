using System.Globalization;
using Impact.Dashboard.Exports;
using Impact.Warehouse;

namespace Impact.Bench;

/// <summary>
/// `export-pack --db WAREHOUSE [--repeats N]`: the full executive pack (every chart as PNG, SVG and CSV, the
/// brief and the deck) from the warehouse's newest estimate run, in memory, beside its baseline in the same
/// run: reading the pack's aggregates alone (the queries over the KPI table), so the figure shows what the
/// drawing and writing add. Make the 100,000-employee warehouse with `impact sample --employees 100000
/// --months 24`, `impact init`, `impact ingest folder`, `impact estimate`.
/// </summary>
public static class ExportPackBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? db = null;
        var repeats = 3;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--db" && i + 1 < args.Length) db = args[++i];
            else if (args[i] == "--repeats" && i + 1 < args.Length)
                repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        if (db is null)
        {
            Console.Error.WriteLine("export-pack needs --db sqlite:<file> (a warehouse with an estimate run).");
            return 2;
        }
        var warehouse = Database.FromSetting(db);
        var employees = await CountAsync(warehouse, "employees");
        var observations = await CountAsync(warehouse, "kpi_observations");
        // Not timed: loads the font, SkiaSharp and the Open XML SDK once.
        var warm = await PackReader.ReadAsync(warehouse, null, null, CancellationToken.None);
        _ = ExportPack.Files(warm, ExportFormats.Parse("png,pptx"), 0).Count();

        var files = 0;
        long bytes = 0;
        var pack = await Measure.RepeatAsync(repeats, () => Task.CompletedTask, async () =>
        {
            var data = await PackReader.ReadAsync(warehouse, null, null, CancellationToken.None);
            var made = ExportPack.Files(data, ExportFormats.All, 0).ToList();
            (files, bytes) = (made.Count, made.Sum(f => (long)f.Bytes.Length));
        });
        var reading = await Measure.RepeatAsync(repeats, () => Task.CompletedTask,
            () => PackReader.ReadAsync(warehouse, null, null, CancellationToken.None));
        Console.WriteLine($"export-pack: {employees:N0} employees, {observations:N0} KPI observations, " +
                          $"median of {repeats}, on {Environment.ProcessorCount} cores");
        Console.WriteLine($"  full pack: {Measure.MedianTime(pack).TotalSeconds:0.0} s, peak working set " +
                          $"{Measure.MedianPeak(pack) / 1_048_576:N0} MB, {files} files, {bytes / 1_048_576.0:0.0} MB");
        Console.WriteLine($"  baseline (reading its aggregates only): {Measure.MedianTime(reading).TotalSeconds:0.0} " +
                          $"s, peak {Measure.MedianPeak(reading) / 1_048_576:N0} MB");
        return 0;
    }

    static async Task<long> CountAsync(Database warehouse, string table)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}"; // our table names, never input
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
