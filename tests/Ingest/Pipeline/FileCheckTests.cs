using System.Text;
using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Pipeline;

/// <summary>Real-world and hostile files, on SQLite (the file handling is the same for every engine).</summary>
public sealed class FileCheckTests
{
    const string Header = "metric_id,subject_id,period_start,value";

    // A valid row before the bad one: storing it would show the file was not checked first.
    const string GoodLine = "sales,E1,2025-01-01,1";

    static async Task<IngestSummary> KpiAsync(byte[] content) => (await KpiIntoAsync(content)).Summary;

    static async Task<(IngestSummary Summary, Database Warehouse)> KpiIntoAsync(byte[] content)
    {
        var w = await WithMetricsAsync(Engine.Sqlite);
        var path = TempFiles.NewPath(".csv");
        await System.IO.File.WriteAllBytesAsync(path, content);
        return (await RunAsync(w, "kpi", path), w);
    }

    /// <summary>A refused file: exit 1, and not one row in the warehouse (not merely none counted as stored).</summary>
    static async Task AssertNothingStoredAsync(IngestSummary s, Database w)
    {
        Assert.That(s.ExitCode, Is.EqualTo(1), s.Describe());
        Assert.That(await CountAsync(w, "kpi_observations"), Is.Zero, "rows in the warehouse");
        Assert.That(await CountAsync(w, "ingest_rejections"), Is.Zero, "a refused file is not a list of rejected rows");
    }

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public async Task Bom_semicolons_crlf_decimal_commas_and_trailing_blank_lines_are_read()
    {
        var s = await KpiAsync([0xEF, 0xBB, 0xBF,
            .. Utf8("metric_id;subject_id;period_start;value\r\nsales;E1;2025-01-01;1,5\r\nsales;E2;2025-01-01;2\r\n" +
            "\r\n   \r\n\r\n")]);
        Assert.That((s.Read, s.Stored, s.ExitCode), Is.EqualTo((2L, 2L, 0)), s.Describe());
    }

    [Test]
    public async Task Quoted_fields_with_newlines_keep_the_line_numbers_right()
    {
        var s = await KpiAsync(Utf8($"{Header}\n\"sales\",\"E1\nsecond line\",2025-01-01,1\nsales,E2,2025-01-01,x\n"));
        Assert.That((s.Stored, s.Rejected), Is.EqualTo((1L, 1L)));
        Assert.That(s.FirstRejections[0].Line, Is.EqualTo(4));
    }

    [Test]
    public async Task Binary_junk_is_refused_naming_the_line_before_anything_is_stored()
    {
        var (s, w) = await KpiIntoAsync([.. Utf8($"{Header}\n{GoodLine}\n"), 0x00, 0x13, 0xFF, 0x42]);
        await AssertNothingStoredAsync(s, w);
        Assert.That(s.Message, Does.Contain("line 3 contains binary data"));
    }

    [Test]
    public async Task Latin1_text_is_refused_as_not_utf8()
    {
        var (s, w) = await KpiIntoAsync(Encoding.Latin1.GetBytes($"{Header}\n{GoodLine}\nsales,Zoë,2025-01-01,1\n"));
        await AssertNothingStoredAsync(s, w);
        Assert.That(s.Message, Does.Contain("line 3 is not valid UTF-8"));
    }

    [Test]
    public async Task Utf16_text_is_refused_with_what_to_do()
    {
        var s = await KpiAsync([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes($"{Header}\n")]);
        Assert.That(s.Message, Does.Contain("UTF-16").And.Contain("save it as UTF-8"));
    }

    [Test]
    public async Task A_huge_field_is_refused_before_anything_is_stored()
    {
        var huge = new string('x', 3 << 20);
        var (s, w) = await KpiIntoAsync(Utf8($"{Header}\n{GoodLine}\nsales,\"{huge}\",2025-01-01,1\n"));
        await AssertNothingStoredAsync(s, w);
        Assert.That(s.Message, Does.Contain("line 3 starts a record longer than 1 MB"));
    }

    [Test]
    public async Task A_header_with_millions_of_columns_is_refused()
    {
        var s = await KpiAsync(Utf8(Header + string.Concat(Enumerable.Repeat(",c", 2_000_000)) + "\n"));
        Assert.That(s.ExitCode, Is.EqualTo(1));
        Assert.That(s.Message, Does.Contain("longer than 1 MB"));
    }

    [Test]
    public async Task Many_columns_under_the_size_limit_are_refused_by_count()
    {
        var s = await KpiAsync(Utf8(Header + string.Concat(Enumerable.Range(0, 5000).Select(i => $",c{i}")) + "\n"));
        Assert.That(s.Message, Does.Contain("columns in its header; Impact reads at most"));
    }

    [Test]
    public async Task An_unclosed_quote_is_refused_before_anything_is_stored()
    {
        const string unclosed = "sales,\"E3,2025-01-01,1";
        var (s, w) = await KpiIntoAsync(Utf8($"{Header}\n{GoodLine}\n{unclosed}\nsales,E2,2025-01-01,1\n"));
        await AssertNothingStoredAsync(s, w);
        Assert.That(s.Message, Does.Contain("line 3 opens a quoted field that is never closed"));
    }

    [Test]
    public async Task An_empty_or_missing_file_is_one_sentence()
    {
        Assert.That((await KpiAsync([])).Message, Does.Contain("is empty"));
        var w = await WithMetricsAsync(Engine.Sqlite);
        var s = await RunAsync(w, "kpi", "/nonexistent/kpi.csv");
        Assert.That((s.ExitCode, s.Message), Is.EqualTo((1, "The file /nonexistent/kpi.csv does not exist.")));
    }

    [Test]
    public async Task The_content_hash_is_recorded_with_the_run()
    {
        var w = await WithMetricsAsync(Engine.Sqlite);
        var path = File($"{Header}\nsales,E1,2025-01-01,1\n");
        await RunAsync(w, "kpi", path);
        var runs = await IngestHistory.RecentAsync(w, "kpi", 5, CancellationToken.None);
        var expected =
            Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(await System.IO.File.ReadAllBytesAsync(path)));
        Assert.That(runs[0].ContentHash, Is.EqualTo(expected));
    }
}
