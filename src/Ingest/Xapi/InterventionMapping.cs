namespace Impact.Ingest.Xapi;

/// <summary>
/// Which intervention an activity IRI belongs to. Kept deliberately simple: the IRI itself is the
/// intervention id, unless a prefix is configured (say <c>https://lms.example.com/course/</c>), in which
/// case an IRI starting with it maps to the rest (<c>sales-101</c>), so xAPI and CSV completions of the
/// same course meet under one id. IRIs without the prefix keep their full form.
/// </summary>
public sealed record InterventionMapping(string? StripPrefix = null)
{
    /// <summary>The longest id the warehouse keys hold (<c>{key}</c> columns are 200 characters).</summary>
    public const int MaxIdLength = 200;

    public string Map(string activityId)
    {
        if (!string.IsNullOrEmpty(StripPrefix) && activityId.StartsWith(StripPrefix, StringComparison.Ordinal))
        {
            var rest = activityId[StripPrefix.Length..].Trim('/');
            if (rest.Length > 0) return rest;
        }
        return activityId;
    }
}
