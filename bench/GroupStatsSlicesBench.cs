using System.Globalization;
using System.Text;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;
using Impact.Warehouse.Summaries;

namespace Impact.Bench;

/// <summary>
/// The refresh after a small ingest (migration 0022), by slices and whole, on the same warehouse: before each
/// refresh the same kind of ingest runs without its own refresh, its time printed beside; the two kinds
/// alternate, <c>--repeats</c> each, medians. A one-metric-one-month feed: every value of the warehouse's first
/// employee metric in its latest period, changed. A move: <c>--movers</c> people (default 100) to another team.
/// The slices are summed alone however large their share (on a small warehouse the default share goes whole).
/// </summary>
static class GroupStatsSlicesBench
{
    public static async Task RunAsync(Database warehouse, int repeats, int movers)
    {
        var feed = await FeedAsync(warehouse);
        await CompareAsync(warehouse, repeats, $"one-metric-one-month feed ({feed.Rows:N0} rows)",
            round => IngestAsync(warehouse, "kpi", feed.Csv(round)));
        var move = await MoveAsync(warehouse, movers);
        await CompareAsync(warehouse, repeats, $"{movers}-person move (to another team and back)",
            round => IngestAsync(warehouse, "employees", move(round)));
    }

    static async Task CompareAsync(Database warehouse, int repeats, string name, Func<int, Task<TimeSpan>> ingest)
    {
        var times = new Dictionary<GroupStatsRefresh, List<double>> { [GroupStatsRefresh.Slices] = [],
            [GroupStatsRefresh.Whole] = [] };
        var ingests = new List<double>();
        for (var round = 0; round < 2 * repeats; round++)
        {
            ingests.Add((await ingest(round)).TotalSeconds);
            var wanted = round % 2 == 0 ? GroupStatsRefresh.Slices : GroupStatsRefresh.Whole;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var done = await KpiGroupStats.RefreshAsync(warehouse, CancellationToken.None,
                slicesUpTo: wanted == GroupStatsRefresh.Slices ? double.MaxValue : 0);
            if (done != wanted) throw new InvalidOperationException($"{name}: refresh {done}, not {wanted}");
            times[wanted].Add(watch.Elapsed.TotalSeconds);
        }
        var (slices, whole) = (Median(times[GroupStatsRefresh.Slices]), Median(times[GroupStatsRefresh.Whole]));
        Console.WriteLine($"  {name}: ingest {Median(ingests):N2} s; refresh by slices {slices:N3} s, whole " +
            $"{whole:N2} s ({whole / slices:N0}x), medians of {repeats}");
    }

    sealed record Feed(string Metric, string Period, List<(string Subject, double Value)> Values)
    {
        public int Rows => Values.Count;

        /// <summary>The feed of a round: every value moved up, then back down, so each round changes them all.
        /// </summary>
        public string Csv(int round)
        {
            var csv = new StringBuilder("metric_id,subject_id,period_start,value\n");
            var shift = round % 2 == 0 ? 0.5 : 0;
            foreach (var (subject, value) in Values)
                csv.Append(CultureInfo.InvariantCulture, $"{Metric},{subject},{Period},{value + shift}\n");
            return csv.ToString();
        }
    }

    static async Task<Feed> FeedAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var metric = await db.QuerySingleAsync<string>("SELECT MIN(metric_id) FROM metrics WHERE level = 'employee'");
        var period = await db.QuerySingleAsync<string>(
            "SELECT MAX(period_start) FROM kpi_period_stats WHERE metric_id = @metric", new { metric });
        var values = (await db.QueryAsync<(string, double)>(
            "SELECT subject_id, value FROM kpi_observations WHERE metric_id = @metric AND period_start = @period",
            new { metric, period })).ToList();
        return new Feed(metric, period, values);
    }

    /// <summary>The employees file of a round: the movers in the next team in even rounds, back in odd ones.
    /// </summary>
    static async Task<Func<int, string>> MoveAsync(Database warehouse, int movers)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var teams = (await db.QueryAsync<string>(
            "SELECT DISTINCT team_id FROM employees WHERE team_id IS NOT NULL ORDER BY team_id")).ToList();
        var people = (await db.QueryAsync<(string Id, string Team, string? Role, string? Hired, string? Location,
            string? Manager)>(warehouse.Dialect.Page("""
            SELECT employee_id, team_id, role, hire_date, location, manager_id FROM employees
            WHERE team_id IS NOT NULL ORDER BY employee_id
            """, movers))).ToList();
        return round =>
        {
            var csv = new StringBuilder("employee_id,team_id,role,hire_date,location,manager_id\n");
            foreach (var p in people)
            {
                var team = round % 2 == 0 ? teams[(teams.IndexOf(p.Team) + 1) % teams.Count] : p.Team;
                csv.Append(CultureInfo.InvariantCulture,
                    $"{p.Id},{team},{p.Role},{p.Hired},{p.Location},{p.Manager}\n");
            }
            return csv.ToString();
        };
    }

    static async Task<TimeSpan> IngestAsync(Database warehouse, string source, string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"impact-bench-{Environment.ProcessId}-{source}.csv");
        await File.WriteAllTextAsync(path, csv);
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var summary = await IngestSources.RunAsync(warehouse, source, path, new IngestOptions
            {
                Pseudonymizer = Pseudonymizer.None, RefreshSummaries = false,
            }, CancellationToken.None);
            if (summary.ExitCode != 0) throw new InvalidOperationException($"{source}: {summary.Outcome}");
            return watch.Elapsed;
        }
        finally
        {
            File.Delete(path);
        }
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
