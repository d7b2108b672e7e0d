namespace Impact.Models.Panels;

/// <summary>
/// Who finished an intervention: a completion recorded as completed or passed. Only finishing counts as
/// treatment (and as a completer on the pages); enrolled, in-progress and failed people did not get the
/// whole intervention. The organisation reader, the panel builder, the simulator and the interventions
/// page all ask this type.
/// </summary>
public static class Finished
{
    public static readonly IReadOnlyList<string> Statuses = ["completed", "passed"];

    public static bool Includes(string status) => Statuses.Contains(status);

    /// <summary>The rule as a SQL condition on a status column, e.g. <c>c.status IN ('completed',
    /// 'passed')</c>.</summary>
    public static string Condition(string statusColumn) =>
        $"{statusColumn} IN ({string.Join(", ", Statuses.Select(s => $"'{s}'"))})"; // our constants, never input
}
