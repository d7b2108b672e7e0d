using Dapper;
using Impact.Warehouse;

namespace Impact.Dashboard.Exports;

/// <summary>The export_runs table: what each export made, from which run and data version, by whom, and
/// where it went. Begun before the files are made, ended succeeded or failed, never left running.</summary>
public static class ExportRuns
{
    public const string Running = "running", Succeeded = "succeeded", Failed = "failed";

    public static async Task<long> BeginAsync(Database warehouse, ExportOptions options, PackRun run,
        CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var sql = warehouse.Dialect.InsertReturningId("export_runs",
            ["started_at", "status", "estimate_run_id", "data_version", "owner", "formats", "requested_by"],
            "export_id");
        return await db.ExecuteScalarAsync<long>(new CommandDefinition(sql, new
        {
            started_at = Clock.UtcStamp(), status = Running, estimate_run_id = run.RunId,
            data_version = run.DataVersion, owner = options.Owner, formats = string.Join(",", options.Formats),
            requested_by = options.RequestedBy,
        }, cancellationToken: ct));
    }

    /// <summary>Uses no token: it also records a cancelled export after the token fired.</summary>
    public static async Task EndAsync(Database warehouse, long exportId, string status, int files,
        string? deliveredTo, string? message)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync("""
            UPDATE export_runs SET status = @status, ended_at = @ended_at, files = @files,
                delivered_to = @deliveredTo, message = @message
            WHERE export_id = @exportId
            """, new { status, ended_at = Clock.UtcStamp(), files, deliveredTo, message, exportId });
    }

    public static async Task<IReadOnlyList<string>> RecipientsAsync(Database warehouse, string owner,
        CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return (await db.QueryAsync<string>(new CommandDefinition(
            "SELECT email FROM export_recipients WHERE owner = @owner ORDER BY email", new { owner },
            cancellationToken: ct))).ToList();
    }

    /// <summary>Adds a recipient of an owner's pack; adding one twice changes nothing.</summary>
    public static async Task AddRecipientAsync(Database warehouse, string owner, string email, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            warehouse.Dialect.InsertIfAbsent("export_recipients", ["owner", "email"], []),
            new { owner, email = email.Trim().ToLowerInvariant() }, cancellationToken: ct));
    }
}
