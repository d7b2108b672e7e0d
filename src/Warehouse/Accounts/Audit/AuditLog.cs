using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using Impact.Warehouse;

namespace Impact.Warehouse.Accounts.Audit;

/// <summary>The audit log in the warehouse: appended to, never edited; read newest first.</summary>
public sealed class AuditLog(Database warehouse, TimeProvider clock)
{
    const string Insert = """
        INSERT INTO audit_log (occurred_at, actor, action, subject, detail, origin)
        VALUES (@OccurredAt, @Actor, @Action, @Subject, @Detail, @Origin)
        """;

    public async Task WriteAsync(Actor actor, string action, string? subject, string? detail, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await WriteAsync(db, null, actor, action, subject, detail, ct);
    }

    /// <summary>Inside a caller's transaction, so a change and its record are stored together or not at all.</summary>
    public Task WriteAsync(DbConnection db, DbTransaction? tx, Actor actor, string action, string? subject,
        string? detail, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(Insert, new
        {
            OccurredAt = Clock.UtcStamp(clock.GetUtcNow()),
            Actor = Truncate(actor.Name, 200),
            Action = action,
            Subject = Truncate(subject, 400),
            Detail = detail,
            Origin = Truncate(actor.Origin, 400),
        }, tx, cancellationToken: ct));

    /// <summary>The newest entries, at most <paramref name="limit"/>, optionally only one action.</summary>
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int limit, string? action, CancellationToken ct)
    {
        var sql = warehouse.Dialect.Page(
            $"{Select} {(action is null ? "" : "WHERE action = @action")} ORDER BY audit_id DESC", limit);
        await using var db = await warehouse.OpenAsync(ct);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(sql, new { action }, cancellationToken: ct));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>Every entry, oldest first, streamed (an export of a long-lived log can be large).</summary>
    public async IAsyncEnumerable<AuditEntry> AllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var rows = db.QueryUnbufferedAsync<Row>($"{Select} ORDER BY audit_id");
        await foreach (var row in rows.WithCancellation(ct)) yield return row.ToEntry();
    }

    const string Select =
        "SELECT audit_id AS AuditId, occurred_at AS OccurredAt, actor AS Actor, action AS Action, " +
        "subject AS Subject, detail AS Detail, origin AS Origin FROM audit_log";

    static string? Truncate(string? value, int max) => value is not null && value.Length > max ? value[..max] : value;

    sealed class Row
    {
        public long AuditId { get; set; }
        public string OccurredAt { get; set; } = "";
        public string Actor { get; set; } = "";
        public string Action { get; set; } = "";
        public string? Subject { get; set; }
        public string? Detail { get; set; }
        public string? Origin { get; set; }

        public AuditEntry ToEntry() => new(AuditId, Stamps.Parse(OccurredAt), Actor, Action, Subject, Detail, Origin);
    }
}

/// <summary>Reads back the UTC ISO-8601 text that <see cref="Clock.UtcStamp"/> writes.</summary>
public static class Stamps
{
    public static DateTimeOffset Parse(string stamp) =>
        DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateTimeOffset? ParseOrNull(string? stamp) => stamp is null ? null : Parse(stamp);
}
