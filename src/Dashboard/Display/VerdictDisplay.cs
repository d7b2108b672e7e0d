using Impact.Models.Estimation;

namespace Impact.Dashboard.Display;

/// <summary>How the pages show a verdict: its label and colour. The words themselves are
/// <see cref="Verdicts"/>.</summary>
public static class VerdictDisplay
{
    public static string Label(string? verdict) => verdict switch
    {
        Verdicts.Improved => "Improved",
        Verdicts.Worsened => "Worsened",
        Verdicts.NoMeaningfulEffect => "No meaningful effect",
        Verdicts.Inconclusive => "Inconclusive",
        Verdicts.NoDetectableEffect => "No detectable effect",
        Verdicts.Insufficient => "Not enough evidence",
        null or "" => "Not estimated",
        _ => verdict.Replace('_', ' '),
    };

    /// <summary>CSS class; colours are paired with the words, never alone (colour-blind readers).</summary>
    public static string Css(string? verdict) => verdict switch
    {
        Verdicts.Improved => "v-improved",
        Verdicts.Worsened => "v-worsened",
        Verdicts.NoMeaningfulEffect => "v-nomeaningful",
        Verdicts.Inconclusive => "v-inconclusive",
        Verdicts.NoDetectableEffect => "v-none",
        _ => "v-insufficient",
    };
}
