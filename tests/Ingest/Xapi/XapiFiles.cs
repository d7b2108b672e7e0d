using System.Text;
using Impact.Ingest.Xapi;

namespace Impact.Tests.Ingest.Xapi;

/// <summary>The statement files in tests/data/xapi and small helpers to read them.</summary>
static class XapiFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "data", "xapi", name);

    public const string StatementBank = "xAPIWrapper_stmtBank.json";
    public const string Written = "impact_written_statements.json";

    public static async Task<List<XapiRead>> ReadFileAsync(string name)
    {
        await using var stream = File.OpenRead(Path(name));
        return await ReadAsync(stream, name);
    }

    public static Task<List<XapiRead>> ReadTextAsync(string json) =>
        ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");

    public static async Task<List<XapiRead>> ReadAsync(Stream stream, string name, StatementReader? reader = null)
    {
        reader ??= new StatementReader(name);
        var all = new List<XapiRead>();
        await foreach (var read in reader.ReadAsync(stream, CancellationToken.None)) all.Add(read);
        return all;
    }

    /// <summary>A one-statement array with the given JSON members.</summary>
    public static string One(string members) => "[{" + members + "}]";

    public const string Agent = "\"actor\": {\"mbox\": \"mailto:a@example.com\"}";
    public const string Passed = "\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/passed\"}";
    public const string Course = "\"object\": {\"id\": \"https://lms.example.com/course/x\"}";
    public const string When = "\"timestamp\": \"2025-01-02T03:04:05Z\"";
}
