using Impact.Warehouse;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>Impact:Survey — how survey results may be reported.</summary>
public sealed record SurveyOptions(int MinGroupSize)
{
    public const string Section = "Impact:Survey";

    /// <summary>Survey vendors promise respondents that no group smaller than this is reported; 5 is the usual default.</summary>
    public const int DefaultMinGroupSize = 5;

    /// <summary>Below 3, a group's mean can be traced back to individuals, so no configuration may go lower.</summary>
    public const int LowestAllowed = 3;

    /// <summary>Reads the section and refuses a minimum group size that would break the confidentiality promise.</summary>
    public static SurveyOptions From(IConfiguration configuration)
    {
        var raw = configuration[$"{Section}:MinGroupSize"];
        if (string.IsNullOrWhiteSpace(raw)) return new SurveyOptions(DefaultMinGroupSize);
        if (!int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var size))
            throw new ImpactException($"{Section}:MinGroupSize must be a whole number (at least {LowestAllowed}), not '{raw}'.");
        if (size < LowestAllowed)
            throw new ImpactException(
                $"{Section}:MinGroupSize is {size}, but survey groups smaller than {LowestAllowed} would let readers identify individual answers; set it to {LowestAllowed} or more.");
        return new SurveyOptions(size);
    }
}
