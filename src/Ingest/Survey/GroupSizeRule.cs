using Impact.Warehouse;

namespace Impact.Ingest.Survey;

/// <summary>
/// The confidentiality promise of engagement surveys: results of a group smaller than the minimum are
/// never shown (default 5, configurable, never below 3 — with fewer, answers point at people). Every
/// report of survey results filters its groups through <see cref="Shows"/> or <see cref="Visible"/>.
/// </summary>
public sealed record GroupSizeRule
{
    public const int Default = 5;
    public const int Floor = 3;
    public const string EnvironmentVariable = "IMPACT_SURVEY_MIN_GROUP";

    public int Minimum { get; }

    GroupSizeRule(int minimum) => Minimum = minimum;

    public static GroupSizeRule Standard { get; } = new(Default);

    /// <summary>A rule with this minimum; below 3 is refused with a sentence.</summary>
    public static GroupSizeRule Of(int minimum) => minimum >= Floor ? new GroupSizeRule(minimum)
        : throw new ImpactException($"The minimum survey group size is {minimum}, but it can never be below {Floor}: smaller groups would let readers identify respondents.");

    /// <summary>From a configuration value (e.g. Survey:MinimumGroupSize or IMPACT_SURVEY_MIN_GROUP); blank gives the default.</summary>
    public static GroupSizeRule Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) return Standard;
        return int.TryParse(setting.Trim(), out var n) ? Of(n)
            : throw new ImpactException($"The minimum survey group size '{setting}' is not a whole number (default {Default}, at least {Floor}).");
    }

    public static GroupSizeRule FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Whether a group with this many respondents may be shown.</summary>
    public bool Shows(int respondents) => respondents >= Minimum;

    /// <summary>The groups that may be shown; the rest are left out (say how many were hidden, never which).</summary>
    public IReadOnlyList<T> Visible<T>(IEnumerable<T> groups, Func<T, int> respondents, out int hidden)
    {
        var shown = new List<T>();
        hidden = 0;
        foreach (var g in groups)
            if (Shows(respondents(g))) shown.Add(g);
            else hidden++;
        return shown;
    }
}
