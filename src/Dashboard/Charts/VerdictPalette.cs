using Impact.Dashboard.Display;
using Impact.Models.Estimation;
using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// One colour per verdict, the same in every chart, PNG, SVG, brief and deck: the Okabe–Ito palette, whose
/// colours stay apart for the common kinds of colour blindness. Colour never speaks alone: every use also
/// writes the verdict's label (<see cref="VerdictDisplay.Label"/>).
/// </summary>
public static class VerdictPalette
{
    // Okabe & Ito (2008), "Color Universal Design": green and vermillion for the two directions, blue for
    // a settled "no meaningful effect", orange for "could be anything", grey and yellow for the two
    // "no claim" cases, which are the ones a reader should not act on.
    static readonly Dictionary<string, string> Hex = new()
    {
        [Verdicts.Improved] = "#009E73",
        [Verdicts.Worsened] = "#D55E00",
        [Verdicts.NoMeaningfulEffect] = "#56B4E9",
        [Verdicts.Inconclusive] = "#E69F00",
        [Verdicts.NoDetectableEffect] = "#999999",
        [Verdicts.Insufficient] = "#F0E442",
    };

    /// <summary>The colour of a verdict as #RRGGBB (HTML and the deck use the same text).</summary>
    public static string HexOf(string? verdict) =>
        verdict is not null && Hex.TryGetValue(verdict, out var hex) ? hex : Hex[Verdicts.Insufficient];

    public static Color Of(string? verdict) => Color.FromHex(HexOf(verdict));

    /// <summary>Whether a verdict has its own colour (a verdict Models adds later must be given one).</summary>
    public static bool Knows(string verdict) => Hex.ContainsKey(verdict);

    /// <summary>Text drawn on a verdict's colour, at a contrast of at least 4.5:1 (WCAG AA): black on all
    /// six (vermillion 5.4:1, green 6.1:1, the rest more); white would reach only 3.9:1 on vermillion.</summary>
    public static string TextHexOn(string? verdict) => "#000000";

    public static Color TextOn(string? verdict) => Color.FromHex(TextHexOn(verdict));
}
