using Dapper;
using Impact.Dashboard.Access;
using Impact.Dashboard.Exports;
using Impact.Models.Runs;
using Impact.Warehouse;
using Impact.Warehouse.Accounts.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Exports;

/// <summary>The executive pack for download: the brief, the deck or every file, for all owners or one; and the
/// exports made so far, from here, the command line or a schedule.</summary>
[Authorize(Policy = Policies.Exports)]
public sealed class IndexModel(Database warehouse, ExportPack pack, AuditLog audit) : PageModel
{
    public Result Data { get; private set; } = Result.Empty;
    public string? Problem { get; private set; }

    /// <summary>What the download holds: <c>brief</c>, <c>deck</c> or <c>all</c> (a .zip).</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, string Formats)> Choices =
        new Dictionary<string, (string, string)>
        {
            ["brief"] = ("One-page brief (brief.html)", ExportFormats.Html),
            ["deck"] = ("Slide deck (impact.pptx)", ExportFormats.Pptx),
            ["all"] = ("Everything: charts as PNG, SVG and CSV, brief and deck (.zip)", "png,svg,csv,html,pptx"),
        };

    public async Task OnGetAsync(CancellationToken ct) => Data = await Query.RunAsync(warehouse, ct);

    public async Task<IActionResult> OnGetDownloadAsync(string? owner, string? what, CancellationToken ct)
    {
        var choice = what is not null && Choices.TryGetValue(what, out var c) ? c : Choices["brief"];
        try
        {
            var (_, name, bytes) = await pack.DownloadAsync(new ExportOptions
            {
                Owner = string.IsNullOrWhiteSpace(owner) ? null : owner,
                Formats = ExportFormats.Parse(choice.Formats),
                RequestedBy = Caller.Of(HttpContext).Name,
            }, ct);
            await audit.WriteAsync(Caller.Of(HttpContext), AuditActions.ExportDownloaded, "executive pack",
                $"{name}{(owner is { Length: > 0 } ? " for " + owner : "")}", ct);
            return File(bytes, ContentType(name), name);
        }
        catch (ImpactException e)
        {
            Problem = e.Message;
            Data = await Query.RunAsync(warehouse, ct);
            return Page();
        }
    }

    static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/zip",
    };

    public sealed record Export(long ExportId, string StartedAt, string Status, long EstimateRunId, string? Owner,
        string Formats, string RequestedBy, string? DeliveredTo, string? Message);

    public sealed record Result(IReadOnlyList<string> Owners, EstimateRunStamp? Run, IReadOnlyList<Export> Recent)
    {
        public static readonly Result Empty = new([], null, []);
    }

    public static class Query
    {
        public const int Shown = 10;

        public static async Task<Result> RunAsync(Database warehouse, CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            var owners = await db.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT owner FROM metrics ORDER BY owner", cancellationToken: ct));
            var run = await EstimateRunTables.LatestSucceededAsync(db, warehouse.Dialect, ct);
            var recent = await db.QueryAsync<Export>(new CommandDefinition(warehouse.Dialect.Page("""
                SELECT export_id AS ExportId, started_at AS StartedAt, status AS Status,
                       estimate_run_id AS EstimateRunId, owner AS Owner, formats AS Formats,
                       requested_by AS RequestedBy, delivered_to AS DeliveredTo, message AS Message
                FROM export_runs ORDER BY export_id DESC
                """, Shown), cancellationToken: ct));
            return new Result(owners.ToList(), run, recent.ToList());
        }
    }
}
