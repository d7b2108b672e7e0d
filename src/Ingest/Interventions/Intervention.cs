namespace Impact.Ingest.Interventions;

/// <summary>A learning intervention: what it is, what kind, what one participant costs.</summary>
public sealed record Intervention(string InterventionId, string? Name, string Kind, double? CostPerParticipant,
    string? Currency)
{
    public static readonly string[] Kinds = ["training", "elearning", "coaching", "mentoring", "practice", "job_aid",
        "social", "other"];

    /// <summary>The canonical kind for what exports write ("E-Learning", "job aid"), or null.</summary>
    public static string? NormalizeKind(string text)
    {
        var k = text.Trim().ToLowerInvariant().Replace(' ', '_').Replace("-", "");
        k = k switch { "e_learning" or "online" => "elearning", "jobaid" => "job_aid", "classroom" or "workshop" =>
            "training", _ => k };
        return Kinds.Contains(k) ? k : null;
    }
}
