namespace Impact.Dashboard.Display;

/// <summary>The verdicts of an estimate run, in the order and words the pages use.</summary>
public static class Verdicts
{
    public const string Improved = "improved";
    public const string Worsened = "worsened";
    public const string NoMeaningful = "no_meaningful_effect";
    public const string Inconclusive = "inconclusive";
    /// <summary>Runs before metrics had a smallest meaningful change, and metrics without one, say this.</summary>
    public const string NoEffect = "no_detectable_effect";
    public const string Insufficient = "insufficient_data";

    public static readonly IReadOnlyList<string> All = [Improved, Worsened, NoMeaningful, Inconclusive, NoEffect, Insufficient];

    /// <summary>Verdicts that come with an estimate: each was a test at the 95% level.</summary>
    public static bool HasEstimate(string? verdict) => verdict is Improved or Worsened or NoMeaningful or Inconclusive or NoEffect;

    public static string Label(string? verdict) => verdict switch
    {
        Improved => "Improved",
        Worsened => "Worsened",
        NoMeaningful => "No meaningful effect",
        Inconclusive => "Inconclusive",
        NoEffect => "No detectable effect",
        Insufficient => "Not enough evidence",
        null or "" => "Not estimated",
        _ => verdict.Replace('_', ' '),
    };

    /// <summary>CSS class; colours are paired with the words, never alone (colour-blind readers).</summary>
    public static string Css(string? verdict) => verdict switch
    {
        Improved => "v-improved",
        Worsened => "v-worsened",
        NoMeaningful => "v-nomeaningful",
        Inconclusive => "v-inconclusive",
        NoEffect => "v-none",
        _ => "v-insufficient",
    };
}
