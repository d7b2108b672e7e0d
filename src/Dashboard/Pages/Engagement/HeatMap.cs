namespace Impact.Dashboard.Pages.Engagement;

/// <summary>
/// The team × item heat map's shading: each shown value against the whole organisation's in the same wave (a
/// value the summary page already shows, so the shade reveals nothing new). Five steps; the two outer ones
/// also carry an arrow and words for screen readers, so the shade is never the only sign.
/// </summary>
public static class HeatMap
{
    /// <summary>Differences on the 1–5 scale (items) and in eNPS points that count as "above" and "well above".
    /// </summary>
    public static readonly (double Some, double Well) ItemSteps = (0.10, 0.30);
    public static readonly (double Some, double Well) EnpsSteps = (10, 20);

    public sealed record Shade(string Css, string Arrow, string Words);

    static readonly Shade Level = new("", "", "");

    public static Shade Of(double? value, double? organisation, (double Some, double Well) steps)
    {
        if (value is not { } v || organisation is not { } o) return Level;
        var d = v - o;
        return d >= steps.Well ? new("heat-hi2", "▲", "well above the organisation")
            : d >= steps.Some ? new("heat-hi1", "", "above the organisation")
            : d <= -steps.Well ? new("heat-lo2", "▼", "well below the organisation")
            : d <= -steps.Some ? new("heat-lo1", "", "below the organisation")
            : Level;
    }
}

/// <summary>One shaded cell: the value as shown and its shade.</summary>
public sealed record HeatCell(string Text, HeatMap.Shade Shade);
