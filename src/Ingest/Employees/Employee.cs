namespace Impact.Ingest.Employees;

/// <summary>An employee and their free-form attributes (column name → value; null when blank).</summary>
public sealed record Employee(
    string EmployeeId, string? TeamId, string? Role, string? HireDate, string? Location, string? ManagerId,
    IReadOnlyList<KeyValuePair<string, string?>> Attributes);
