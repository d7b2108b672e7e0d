namespace Impact.Warehouse.Surveys;

/// <summary>
/// The confidentiality promise of engagement surveys: results of a group smaller than the minimum are
/// never shown (default 5, configurable with <c>Impact:Survey:MinGroupSize</c>, never below 3: with
/// fewer, answers point at people). Every reader of survey results asks this rule, which the app builds
/// once at start (<see cref="WarehouseServices.AddWarehouse"/>) so that a broken setting stops it there.
/// </summary>
public sealed record GroupSizeRule
{
    /// <summary>Survey vendors promise respondents that no group smaller than this is reported.</summary>
    public const int Default = 5;

    /// <summary>Below 3, a group's mean can be traced back to individuals, so no configuration may go lower.</summary>
    public const int Floor = 3;

    /// <summary>The setting that configures it, named in every refusal.</summary>
    public const string Setting = "Impact:Survey:MinGroupSize";

    const string Unnamed = "The minimum survey group size";

    public int Minimum { get; }

    GroupSizeRule(int minimum) => Minimum = minimum;

    public static GroupSizeRule Standard { get; } = new(Default);

    /// <summary>A rule with this minimum; below 3 is refused with a sentence naming
    /// <paramref name="setting"/>.</summary>
    public static GroupSizeRule Of(int minimum, string setting = Unnamed) => minimum >= Floor
        ? new GroupSizeRule(minimum)
        : throw new ImpactException($"{setting} is {minimum}, but survey groups smaller than {Floor} would let " +
            "readers " +
                                    $"identify individual answers: it can never be below {Floor}.");

    /// <summary>From a configured value; blank gives the default.</summary>
    public static GroupSizeRule Parse(string? value, string setting = Unnamed)
    {
        if (string.IsNullOrWhiteSpace(value)) return Standard;
        return int.TryParse(value.Trim(), System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? Of(n, setting)
            : throw new ImpactException(
                $"{setting} must be a whole number (default {Default}, at least {Floor}), not '{value}'.");
    }

    /// <summary>Whether a group (or a single item) with this many answers may be shown.</summary>
    public bool Shows(long respondents) => respondents >= Minimum;

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
