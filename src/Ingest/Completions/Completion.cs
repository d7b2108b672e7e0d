namespace Impact.Ingest.Completions;

/// <summary>One learning record: who, what, when (ISO date), how it ended, the score if any.</summary>
public sealed record Completion(string EmployeeId, string InterventionId, string CompletedOn, string Status,
    double? Score)
{
    public static readonly string[] Statuses = ["completed", "passed", "failed", "in_progress", "enrolled"];

    public static string? NormalizeStatus(string text)
    {
        var s = text.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
        s = s switch { "complete" or "done" => "completed", "inprogress" or "started" => "in_progress", "registered" =>
            "enrolled", _ => s };
        return Statuses.Contains(s) ? s : null;
    }
}
