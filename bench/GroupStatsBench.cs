using System.Diagnostics;
using Dapper;
using Impact.Dashboard.Filters;
using Impact.Dashboard.Pages.Metrics;
using Impact.Ingest.Pipeline;
using Impact.Models.Simulation;
using Impact.Warehouse;
using Impact.Warehouse.Summaries;

namespace Impact.Bench;

/// <summary>
/// <c>group-stats</c>: what the KPI sums per team, role and location (migration 0020) cost and save, on a
/// warehouse already loaded (<c>--warehouse SETTING</c>, e.g. a copy of a 100,000-employee SQLite file: the
/// upgrade fills the sums, and the bench writes them again) or on the sample organisation loaded into a fresh
/// throw-away warehouse (<c>--engine sqlite|postgres --employees N</c>):
/// <list type="bullet">
/// <item>the refresh (<see cref="KpiGroupStats.RefreshAsync"/>), median of <c>--repeats</c> (default 3), beside
/// the floor of reading every KPI row once (<c>COUNT(*)</c> and <c>SUM(value)</c>);</item>
/// <item>after a small ingest (a one-metric-one-month feed, a move of <c>--movers</c> people), the refresh by
/// slices beside the whole one (<see cref="GroupStatsSlicesBench"/>; <c>--slices no</c> leaves it out);</item>
/// <item>the filtered metric trend as the page reads it before any cache holds it: on a new connection, from the
/// rows (as before 0020) and from the sums (the freshness check included), median of <c>--reads</c> (default 11)
/// per filter.</item>
/// </list>
/// </summary>
public static class GroupStatsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var repeats = BenchArgs.Number(args, "--repeats", 3);
        var reads = BenchArgs.Number(args, "--reads", 11);
        var existing = BenchArgs.Text(args, "--warehouse", "");
        var engine = BenchArgs.Text(args, "--engine", "sqlite");
        var folder = Path.Combine(Path.GetTempPath(), $"impact-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        using var postgres = existing.Length == 0 && engine == "postgres" ? BenchPostgres.Start() : null;
        try
        {
            var warehouse = existing.Length > 0 ? await UpgradedAsync(existing)
                : await LoadedAsync(folder, postgres, BenchArgs.Number(args, "--employees", 100_000));
            await RefreshAsync(warehouse, repeats);
            if (BenchArgs.Text(args, "--slices", "yes") != "no")
                await GroupStatsSlicesBench.RunAsync(warehouse, repeats, BenchArgs.Number(args, "--movers", 100));
            await ReadsAsync(warehouse, reads);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("KEEP") is null) Directory.Delete(folder, recursive: true);
        }
    }

    static async Task<Database> UpgradedAsync(string setting)
    {
        var warehouse = Database.FromSetting(setting);
        var watch = Stopwatch.StartNew();
        var applied = await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        Console.WriteLine($"group-stats --warehouse {setting}: upgrade ({applied.Applied.Count} script(s), 0020 " +
            $"filling the sums if among them) {watch.Elapsed.TotalSeconds:N2} s");
        return warehouse;
    }

    static async Task<Database> LoadedAsync(string folder, BenchPostgres? postgres, int employees)
    {
        var sample = Path.Combine(folder, "sample");
        Directory.CreateDirectory(sample);
        var simulation = new SimulationOptions { Employees = employees };
        await CanonicalFiles.WriteAsync(new OrganisationSimulator(simulation).Run(), sample, simulation,
            CancellationToken.None);
        var warehouse = Database.FromSetting(postgres is null ? "sqlite:" + Path.Combine(folder, "bench.db")
            : "postgres:" + postgres.ConnectionString(postgres.CreateDatabase()));
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        var phases = new PhaseTimes();
        var watch = Stopwatch.StartNew();
        await FolderIngest.RunAsync(warehouse, sample, new IngestOptions
        {
            Pseudonymizer = Pseudonymizer.None, Phases = phases,
        }, CancellationToken.None);
        var refresh = phases.Totals().Single(p => p.Phase == SummaryRefresh.Phase).Time;
        Console.WriteLine($"group-stats --engine {warehouse.Target.Engine} --employees {employees:N0}: ingest folder " +
            $"{watch.Elapsed.TotalSeconds:N2} s, of it the refresh at its end {refresh.TotalSeconds:N2} s");
        return warehouse;
    }

    static async Task RefreshAsync(Database warehouse, int repeats)
    {
        var refreshed = await Measure.RepeatAsync(repeats, () => Task.CompletedTask,
            () => KpiGroupStats.RefreshAsync(warehouse, CancellationToken.None, slicesUpTo: 0));
        long rows = 0;
        var scans = await Measure.RepeatAsync(repeats, () => Task.CompletedTask, async () =>
        {
            await using var db = await warehouse.OpenAsync(CancellationToken.None);
            rows = await db.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM kpi_observations WHERE value + 1 > value", commandTimeout: 0));
        });
        var (tr, ts) = (Measure.MedianTime(refreshed), Measure.MedianTime(scans));
        var groups = await CountAsync(warehouse, "SELECT COUNT(*) FROM kpi_group_stats");
        Console.WriteLine($"  refresh              : {tr.TotalSeconds,7:N2} s  {groups:N0} group rows from {rows:N0} " +
            $"KPI rows, median of {repeats}, process CPU {Measure.MedianCpu(refreshed).TotalSeconds:N2} s");
        Console.WriteLine($"  every KPI row once   : {ts.TotalSeconds,7:N2} s  (the floor)");
        Console.WriteLine($"  ratio                : {tr / ts:N2}x the floor's time");
    }

    static async Task ReadsAsync(Database warehouse, int reads)
    {
        var metric = (await QueryAsync(warehouse,
            "SELECT MIN(metric_id) FROM metrics WHERE level = 'employee'")).Single()!;
        var team = (await QueryAsync(warehouse, "SELECT MIN(team_id) FROM employees")).Single();
        var role = (await QueryAsync(warehouse, "SELECT MIN(role) FROM employees")).Single();
        var location = (await QueryAsync(warehouse, "SELECT MIN(location) FROM employees")).Single();
        var periods = await QueryAsync(warehouse,
            "SELECT period_start FROM kpi_period_stats WHERE metric_id = @metric ORDER BY period_start",
            new { metric });
        var filters = new (string Name, PageFilter Filter)[]
        {
            ($"team={team}", new PageFilter(team, null, null, null, null)),
            ($"role={role}", new PageFilter(null, role, null, null, null)),
            ($"location={location}", new PageFilter(null, null, location, null, null)),
            ($"role and location", new PageFilter(null, role, location, null, null)),
            ($"role, last 6 periods", new PageFilter(null, role, null, periods[^6], periods[^1])),
        };
        Console.WriteLine($"  metric {metric} trend, page's read on a new connection, median of {reads} " +
            "(from the rows / from the sums):");
        var floor = await MedianMsAsync(reads, warehouse, db => db.ExecuteScalarAsync<long>("SELECT 1"));
        Console.WriteLine($"    {"the floor: SELECT 1",-22}: {floor,9:N2} ms (a new connection and one statement)");
        foreach (var (name, filter) in filters)
        {
            var rows = await MedianMsAsync(reads, warehouse, async db =>
                await db.QueryAsync(TrendFilter.Sql("employee", filter), TrendFilter.Parameters(metric, filter)));
            var sums = await MedianMsAsync(reads, warehouse, async db =>
                await TrendFilter.ReadAsync(db, "employee", metric, filter, CancellationToken.None));
            Console.WriteLine($"    {name,-22}: {rows,9:N2} ms / {sums,7:N2} ms  ({rows / sums:N0}x faster)");
        }
    }

    static async Task<double> MedianMsAsync(int reads, Database warehouse,
        Func<System.Data.Common.DbConnection, Task> read)
    {
        var times = new List<double>();
        for (var i = 0; i < reads; i++)
        {
            var watch = Stopwatch.StartNew();
            await using (var db = await warehouse.OpenAsync(CancellationToken.None)) await read(db);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    static async Task<long> CountAsync(Database warehouse, string sql)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>(sql);
    }

    static async Task<List<string?>> QueryAsync(Database warehouse, string sql, object? args = null)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return [.. await db.QueryAsync<string?>(sql, args)];
    }
}
