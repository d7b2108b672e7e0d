using System.Text;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Bench;

/// <summary>
/// <c>ingest-xapi [statements]</c>: a generated statements file (default 200,000; 2,000 learners, 40
/// courses, 1% voiding) into a fresh SQLite file, after its identity map. Prints statements/s and peak memory.
/// </summary>
public static class IngestXapiBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var folder = Directory.CreateTempSubdirectory("impact-bench-xapi-").FullName;
        try
        {
            var (identities, statements) = Generate(folder, count);
            Console.WriteLine($"ingest-xapi: {count:N0} statements, {new FileInfo(statements).Length / 1024 / 1024} " +
                "MB");
            var options = new IngestOptions { Pseudonymizer = Pseudonymizer.None };
            Database? warehouse = null;
            IngestSummary? summary = null;
            var samples = await Measure.RepeatAsync(3,
                async () =>
                {
                    warehouse = Database.FromSetting("sqlite:" + Path.Combine(folder, $"{Guid.NewGuid():N}.db"));
                    await Migrator.MigrateAsync(warehouse, CancellationToken.None);
                    await IngestSources.RunAsync(warehouse, "identities", identities, options, CancellationToken.None);
                },
                async () => summary = await IngestSources.RunAsync(warehouse!, "xapi", statements, options,
                    CancellationToken.None));
            var time = Measure.MedianTime(samples);
            Console.WriteLine(summary!.Describe());
            Console.WriteLine($"median {time.TotalSeconds:F2} s = {count / time.TotalSeconds:N0} statements/s, peak " +
                $"working set {Measure.MedianPeak(samples) / 1024 / 1024} MB");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    static (string Identities, string Statements) Generate(string folder, int count)
    {
        var identities = Path.Combine(folder, "identities.csv");
        using (var csv = new StreamWriter(identities))
        {
            csv.WriteLine("actor,employee_id");
            for (var i = 0; i < 2_000; i++) csv.WriteLine($"mailto:learner{i}@example.com,E{i}");
        }
        string[] verbs = ["attempted", "completed", "passed", "failed", "experienced"];
        var statements = Path.Combine(folder, "xapi.json");
        using var json = new StreamWriter(statements, false, new UTF8Encoding(false), 1 << 16);
        json.Write("[\n");
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) json.Write(",\n");
            var id = new Guid(i, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
            var time = start.AddSeconds(i * 37L).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            if (i % 100 == 99)
            {
                var target = new Guid(i - 50, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
                json.Write($"{{\"id\":\"{id}\",\"actor\":{{\"mbox\":\"mailto:admin@example.com\"}},");
                json.Write("\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"},");
                json.Write($"\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{target}\"}},");
                json.Write($"\"stored\":\"{time}\"}}");
                continue;
            }
            json.Write($"{{\"id\":\"{id}\",\"actor\":{{\"mbox\":\"mailto:learner{i % 2_000}@example.com\"}},");
            json.Write($"\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/{verbs[i % verbs.Length]}\"}},");
            json.Write($"\"object\":{{\"id\":\"https://lms.example.com/course/c{i % 40}\"}},");
            json.Write($"\"result\":{{\"score\":{{\"raw\":{i % 50},\"min\":0,\"max\":50}}}},");
            json.Write($"\"timestamp\":\"{time}\",\"stored\":\"{time}\"}}");
        }
        json.Write("\n]\n");
        return (identities, statements);
    }
}
