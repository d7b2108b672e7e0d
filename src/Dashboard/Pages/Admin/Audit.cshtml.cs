using System.Text;
using Impact.Warehouse.Accounts.Audit;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Admin;

/// <summary>The audit log, newest first, optionally one kind of action; the whole of it as CSV.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AuditModel(AuditLog audit) : PageModel
{
    public const int Shown = 200;

    [BindProperty(Name = "action", SupportsGet = true)] public string? Action { get; set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await audit.LatestAsync(Shown, string.IsNullOrWhiteSpace(Action) ? null : Action, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await audit.WriteAsync(Caller.Of(HttpContext), AuditActions.ExportDownloaded, "audit log", "csv", ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"impact-audit-log.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(true));
        await AuditCsv.WriteAsync(writer, audit.AllAsync(ct), ct);
        return new EmptyResult(); // written above, streamed: the log can be long
    }
}
