namespace Impact.Ingest.Xapi;

/// <summary>
/// Which verb IRIs mean which completion status. Only the IRI counts, never the display text (which is
/// free, localised and often wrong). Verbs not listed here (created, attended, asked, terminated…) are
/// kept as activity but make no completion.
/// </summary>
public static class VerbMap
{
    const string Adl = "http://adlnet.gov/expapi/verbs/";
    public const string Voided = Adl + "voided";

    static readonly Dictionary<string, string> Statuses = new(StringComparer.Ordinal)
    {
        [Adl + "completed"] = "completed",
        [Adl + "passed"] = "passed",
        [Adl + "failed"] = "failed",
        [Adl + "attempted"] = "in_progress",
        [Adl + "experienced"] = "in_progress",
        // cmi5 (AICC cmi5 spec §9.3) reuses the ADL verbs above and adds session verbs: a launched or
        // initialized session is work in progress.
        [Adl + "launched"] = "in_progress",
        [Adl + "initialized"] = "in_progress",
        [Adl + "registered"] = "enrolled",
        [Adl + "mastered"] = "passed",
        // cmi5 "satisfied": the LMS judged the course or block's requirements met. "waived" is left out
        // on purpose: requirements waived is not evidence of learning.
        ["https://w3id.org/xapi/adl/verbs/satisfied"] = "completed",
    };

    /// <summary>The completion status a verb means, or null when it means none.</summary>
    public static string? StatusOf(string verbId) => Statuses.GetValueOrDefault(verbId);

    /// <summary>
    /// When several statements give the same person, course and day a status, the strongest wins:
    /// a pass or fail is a judgement on top of finishing, finishing outranks being under way.
    /// </summary>
    public static int Rank(string status) => status switch
    {
        "passed" => 5,
        "failed" => 4,
        "completed" => 3,
        "in_progress" => 2,
        "enrolled" => 1,
        _ => 0,
    };
}
