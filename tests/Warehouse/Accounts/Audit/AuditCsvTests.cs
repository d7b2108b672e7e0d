using Impact.Warehouse.Accounts.Audit;

namespace Impact.Tests.Warehouse.Accounts.Audit;

public sealed class AuditCsvTests
{
    [Test]
    public async Task Cells_that_a_spreadsheet_would_run_as_formulas_are_shown_as_text()
    {
        var at = new DateTimeOffset(2025, 6, 1, 9, 30, 0, TimeSpan.Zero);
        var entries = new[]
        {
            new AuditEntry(1, at, "=HYPERLINK(\"http://evil\")", "sign_in_failed", "+1 555", "-2, \"quoted\"",
                "@origin"),
            new AuditEntry(2, at, "ann@example.com", "signed_in", null, "line\nbreak", "10.0.0.1"),
        };
        await using var writer = new StringWriter();
        await AuditCsv.WriteAsync(writer, entries.ToAsyncEnumerable(), CancellationToken.None);
        var lines = writer.ToString().Split("\r\n");

        Assert.That(lines[0], Is.EqualTo("audit_id,occurred_at_utc,actor,action,subject,detail,origin"));
        Assert.That(lines[1], Is.EqualTo("1,2025-06-01 09:30:00,\"'=HYPERLINK(\"\"http://evil\"\")\",sign_in_failed," +
            "'+1 555,\"'-2, \"\"quoted\"\"\",'@origin"));
        Assert.That(lines[2], Is.EqualTo("2,2025-06-01 09:30:00,ann@example.com,signed_in,,\"line\nbreak\",10.0.0.1"));
    }
}
