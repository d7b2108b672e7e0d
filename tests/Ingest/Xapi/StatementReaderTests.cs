using System.Text;
using Impact.Ingest.Xapi;
using Impact.Warehouse;

namespace Impact.Tests.Ingest.Xapi;

public sealed class StatementReaderTests
{
    [Test]
    public async Task The_statement_bank_reads_every_statement_with_its_id_and_verb_iri()
    {
        var reads = await XapiFiles.ReadFileAsync(XapiFiles.StatementBank);
        Assert.That(reads, Has.Count.EqualTo(17));
        var usable = reads.Where(r => r.Statement is not null).Select(r => r.Statement!).ToList();
        Assert.That(usable.Select(s => s.Id), Does.Contain("12345678-1234-5678-1234-567812345678"));
        Assert.That(usable.Single(s => s.Id == "591122cf-e208-4503-bcdb-279d4a1129a6").VerbId,
            Is.EqualTo("http://user.com/xapi/verbs/perused"));
        // The one anonymous group in the bank is refused (no one person to credit), the rest are usable.
        var rejected = reads.Where(r => r.Rejection is not null).Select(r => r.Rejection!).ToList();
        Assert.That(rejected.Select(r => r.StatementId), Is.EqualTo(new[] { "8484d8a3-cd78-4883-bbb7-04bb12409fa9" }));
        Assert.That(rejected[0].Reason, Does.Contain("anonymous Group"));
    }

    [Test]
    public async Task A_statement_result_is_read_and_its_more_link_kept()
    {
        var reader = new StatementReader("page.json");
        var json = "{\"more\": \"/xapi/statements/more/abc\", \"statements\": ["
            + XapiFiles.One(XapiFiles.Agent + "," + XapiFiles.Passed + "," + XapiFiles.Course + ","
            + XapiFiles.When)[1..^1] + "]}";
        var reads = await XapiFiles.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), "page.json", reader);
        Assert.That(reads.Single().Statement!.VerbId, Is.EqualTo("http://adlnet.gov/expapi/verbs/passed"));
        Assert.That(reader.More, Is.EqualTo("/xapi/statements/more/abc"));
    }

    [Test]
    public async Task A_single_statement_file_from_the_spec_reads_as_one_statement()
    {
        // The spec's examples are bare objects, not arrays: a top-level object with no "statements" holds none.
        var reads = await XapiFiles.ReadTextAsync("["
            + File.ReadAllText(XapiFiles.Path("adlnet-xAPI-Spec_appendixA_attempted_with_result.json")) + "]");
        var statement = reads.Single().Statement!;
        Assert.That(statement.Id, Is.EqualTo("7ccd3322-e1a5-411a-a67d-6a735c76f119"));
        Assert.That(statement.Result!.Score, Is.EqualTo(95).Within(1e-9));
        Assert.That(statement.Result.Duration, Is.EqualTo(TimeSpan.FromSeconds(1234)));
    }

    [Test]
    public async Task Statements_report_the_line_they_start_on()
    {
        var bad = await XapiFiles.ReadTextAsync("[\n" + string.Join(",\n",
            Enumerable.Repeat("{\"actor\": {}}", 3)) + "\n]");
        Assert.That(bad.Select(r => r.Rejection!.Line), Is.EqualTo(new long[] { 2, 3, 4 }));
        Assert.That(bad.Select(r => r.Rejection!.Index), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Malformed_json_names_the_file_line_and_statement()
    {
        var json = "[\n" + XapiFiles.One(XapiFiles.Agent + "," + XapiFiles.Passed + "," + XapiFiles.Course)[1..^1]
            + ",\n{\"actor\": {\"mbox\": \"mailto:b@example.com\"},\n \"verb\": {\"id\": oops}}\n]";
        var e = Assert.ThrowsAsync<ImpactException>(() => XapiFiles.ReadTextAsync(json))!;
        Assert.That(e.Message,
            Does.StartWith("test.json: the JSON is not well formed at line 4").And.Contain("(statement 2)"));
    }

    [Test]
    public void A_truncated_file_is_a_clear_error()
    {
        var e = Assert.ThrowsAsync<ImpactException>(() =>
            XapiFiles.ReadTextAsync("[{\"actor\": {\"mbox\": \"mailto:a@"))!;
        Assert.That(e.Message, Does.StartWith("test.json:").And.Contain("statement 1"));
    }

    [Test]
    public void An_empty_file_or_wrong_top_level_value_is_a_clear_error()
    {
        Assert.That(Assert.ThrowsAsync<ImpactException>(() => XapiFiles.ReadTextAsync(""))!.Message,
            Does.Contain("the file is empty"));
        Assert.That(Assert.ThrowsAsync<ImpactException>(() => XapiFiles.ReadTextAsync("42"))!.Message,
            Does.Contain("expected a JSON array"));
        Assert.That(Assert.ThrowsAsync<ImpactException>(() => XapiFiles.ReadTextAsync("{\"statements\": 3}"))!.Message,
            Does.Contain("\"statements\" must be an array"));
    }

    [Test]
    public void Binary_junk_is_a_clear_error_not_a_crash()
    {
        var junk = new byte[5000];
        new Random(7).NextBytes(junk);
        junk[0] = (byte)'[';
        var e = Assert.ThrowsAsync<ImpactException>(() => XapiFiles.ReadAsync(new MemoryStream(junk), "junk.bin"))!;
        Assert.That(e.Message, Does.StartWith("junk.bin:"));
    }

    [Test]
    public async Task A_bom_and_windows_line_ends_are_fine()
    {
        var json = "\uFEFF[\r\n{" + XapiFiles.Agent + "," + XapiFiles.Passed + "," + XapiFiles.Course + ","
            + XapiFiles.When + "}\r\n]\r\n";
        var reads = await XapiFiles.ReadTextAsync(json);
        Assert.That(reads.Single().Statement, Is.Not.Null);
    }

    [Test]
    public async Task Many_statements_stream_across_buffer_boundaries_with_right_lines()
    {
        // ~4 MB: far more than the reader's 64 KB buffer, so statements straddle refills.
        const int count = 20_000;
        var text = new StringBuilder("[\n");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Append(",\n");
            text.Append($"{{\"id\": \"{new Guid(i, 0, 0, new byte[8]):D}\", {XapiFiles.Agent}, {XapiFiles.Passed},\n " +
                $"{XapiFiles.Course}, {XapiFiles.When}, \"result\": {{\"response\": " +
                $"\"{new string('x', i % 300)}\"}}}}");
        }
        text.Append("\n]");
        var reads = await XapiFiles.ReadTextAsync(text.ToString());
        Assert.That(reads, Has.Count.EqualTo(count));
        Assert.That(reads.All(r => r.Statement is not null));
        Assert.That(reads.Select(r => r.Statement!.Id).Distinct().Count(), Is.EqualTo(count));
        var bad = await XapiFiles.ReadTextAsync(text.ToString().Replace("\"id\": \"00004e1f-",
            "\"id\": \"not-a-uuid-"));
        var rejection = bad.Single(r => r.Rejection is not null).Rejection!;
        Assert.That(rejection.Index, Is.EqualTo(0x4e1f + 1));
        Assert.That(rejection.Line, Is.EqualTo(2 + 2L * 0x4e1f));
    }

    [Test]
    public void A_statement_over_the_size_limit_is_refused_with_a_sentence()
    {
        var huge = "[{\"actor\": {\"mbox\": \"mailto:a@example.com\"}, \"junk\": \"" + new string('x',
            StatementReader.MaxStatementBytes + 10) + "\"}]";
        var e = Assert.ThrowsAsync<ImpactException>(() => XapiFiles.ReadTextAsync(huge))!;
        Assert.That(e.Message, Does.Contain("statement 1").And.Contain("larger than 16 MB"));
    }
}
