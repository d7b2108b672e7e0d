using System.Text;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Bench;

/// <summary>
/// <c>ingest-hostile [--repeats 3]</c>: the two small hostile shapes that were quadratic, each beside a
/// baseline of the same amount of work in an ordinary shape, measured in the same run (medians):
/// 250 employees × 4,000 attributes (1,000,000 values; attribute typing) against the same 1,000,000 values
/// as KPI rows; 30,000 xAPI statements of one person, course and day (completion recompute) against 30,000
/// statements on 30,000 different days.
/// </summary>
public static class IngestHostileBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var repeats = args.Length > 1 && args[0] == "--repeats"
            ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var folder = Directory.CreateTempSubdirectory("impact-bench-hostile-").FullName;
        try
        {
            var wide = Write(folder, "employees.csv", WideEmployees(250, 4_000));
            var values = Write(folder, "kpi.csv", KpiRows(1_000_000));
            var metrics = Write(folder, "metrics.json",
                """[{"id": "m", "name": "M", "direction": "higher_is_better", "owner": "Ops", "level": "employee"}]""");
            await CompareAsync("250 employees × 4,000 attributes", "values", 1_000_000, repeats, folder,
                w => Run(w, "employees", wide), w => Run(w, "kpi", values), setup: w => Run(w, "metrics", metrics));

            var identities = Write(folder, "identities.csv", "actor,employee_id\nmailto:ana@example.com,E1\n");
            var sameDay = Write(folder, "same-day.json", Statements(30_000, sameDay: true));
            var spread = Write(folder, "spread.json", Statements(30_000, sameDay: false));
            await CompareAsync("30,000 xAPI statements of one person, course and day", "statements", 30_000, repeats,
                folder, w => Run(w, "xapi", sameDay), w => Run(w, "xapi", spread),
                setup: w => Run(w, "identities", identities));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    static async Task CompareAsync(string title, string unit, int count, int repeats, string folder,
        Func<Database, Task> hostile, Func<Database, Task> baseline, Func<Database, Task> setup)
    {
        Database warehouse = null!;
        async Task Fresh()
        {
            warehouse = Database.FromSetting("sqlite:" + Path.Combine(folder, $"{Guid.NewGuid():N}.db"));
            await Migrator.MigrateAsync(warehouse, CancellationToken.None);
            await setup(warehouse);
        }
        var shaped = Measure.MedianTime(await Measure.RepeatAsync(repeats, Fresh, () => hostile(warehouse)));
        var plain = Measure.MedianTime(await Measure.RepeatAsync(repeats, Fresh, () => baseline(warehouse)));
        Console.WriteLine($"{title}: {shaped.TotalSeconds:F2} s = {count / shaped.TotalSeconds:N0} {unit}/s; " +
                          $"baseline (same {unit}, ordinary shape) {plain.TotalSeconds:F2} s = " +
                          $"{count / plain.TotalSeconds:N0} {unit}/s; " +
                          $"{shaped / plain:F2}× the baseline's time");
    }

    static async Task Run(Database warehouse, string source, string path)
    {
        var options = new IngestOptions { Pseudonymizer = Pseudonymizer.None };
        var summary = await IngestSources.RunAsync(warehouse, source, path, options, CancellationToken.None);
        if (summary.ExitCode != 0) throw new InvalidOperationException(summary.Describe());
    }

    static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    static string WideEmployees(int employees, int attributes)
    {
        var text = new StringBuilder("employee_id");
        for (var a = 0; a < attributes; a++) text.Append(",attr").Append(a);
        text.Append('\n');
        for (var e = 0; e < employees; e++)
        {
            text.Append('E').Append(e);
            // Most attributes numeric, every tenth categorical: typing must read them all.
            for (var a = 0; a < attributes; a++)
                text.Append(',').Append(a % 10 == 0 ? "level" + (e % 3) : (e * a % 97).ToString());
            text.Append('\n');
        }
        return text.ToString();
    }

    static string KpiRows(int rows)
    {
        var text = new StringBuilder("metric_id,subject_id,period_start,value\n");
        for (var i = 0; i < rows; i++)
        {
            var period = Clock.Date(new DateOnly(2000, 1, 1).AddDays(i / 250));
            text.Append("m,E").Append(i % 250).Append(',').Append(period).Append(',').Append(i % 97).Append('\n');
        }
        return text.ToString();
    }

    static string Statements(int count, bool sameDay)
    {
        const string Rest = "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\"}," +
                            "\"object\":{\"id\":\"https://lms.example.com/course/c1\"},";
        var text = new StringBuilder("[\n");
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var at = sameDay ? start.AddSeconds(i) : start.AddDays(i);
            if (i > 0) text.Append(",\n");
            var id = new Guid(i, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0);
            text.Append($"{{\"id\":\"{id}\",\"actor\":{{\"mbox\":\"mailto:ana@example.com\"}},")
                .Append(Rest).Append($"\"timestamp\":\"{at:yyyy-MM-dd'T'HH:mm:ss'Z'}\"}}");
        }
        return text.Append("\n]\n").ToString();
    }
}
