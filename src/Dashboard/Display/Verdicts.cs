namespace Impact.Dashboard.Display;

/// <summary>The four verdicts of an estimate run, in the order and words the pages use.</summary>
public static class Verdicts
{
    public const string Improved = "improved";
    public const string Worsened = "worsened";
    public const string NoEffect = "no_detectable_effect";
    public const string Insufficient = "insufficient_data";

    public static readonly IReadOnlyList<string> All = [Improved, Worsened, NoEffect, Insufficient];

    public static string Label(string? verdict) => verdict switch
    {
        Improved => "Improved",
        Worsened => "Worsened",
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
        NoEffect => "v-none",
        _ => "v-insufficient",
    };
}
