using System.Globalization;

namespace Impact.Warehouse.Accounts.Audit;

/// <summary>
/// The audit log as CSV that is safe to open in Excel: a text cell that begins with =, +, -, @, tab,
/// CR or LF is prefixed with an apostrophe so that it is shown, never run as a formula (OWASP's CSV
/// injection advice). Emails and reasons typed at the sign-in form can begin with anything.
/// </summary>
public static class AuditCsv
{
    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        await writer.WriteAsync("audit_id,occurred_at_utc,actor,action,subject,detail,origin\r\n");
        await foreach (var e in entries.WithCancellation(ct))
        {
            var cells = new[]
            {
                e.AuditId.ToString(CultureInfo.InvariantCulture),
                e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Text(e.Actor), Text(e.Action), Text(e.Subject), Text(e.Detail), Text(e.Origin),
            };
            await writer.WriteAsync(string.Join(',', cells) + "\r\n");
        }
    }

    static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
