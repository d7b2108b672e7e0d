namespace Impact.Warehouse.Accounts.Audit;

/// <summary>One line of the audit log: who, what, about whom or what, when and from where.</summary>
public sealed record AuditEntry(
    long AuditId, DateTimeOffset OccurredAt, string Actor, string Action, string? Subject, string? Detail,
    string? Origin);
