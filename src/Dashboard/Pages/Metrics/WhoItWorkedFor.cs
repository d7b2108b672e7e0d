using Impact.Dashboard.Display;

namespace Impact.Dashboard.Pages.Metrics;

/// <summary>
/// The stored effects per group of one intervention on one metric, in a sentence: where it did most and least,
/// each with its interval, so a reader sees at once whether the groups differ more than their uncertainty.
/// </summary>
public static class WhoItWorkedFor
{
    public static string Sentence(string intervention, IReadOnlyList<SubgroupEffect> groups, string? unit)
    {
        if (groups.Count == 0) return "";
        var best = groups.MaxBy(g => g.Estimate)!;
        var least = groups.MinBy(g => g.Estimate)!;
        var sentence = $"{intervention} changed it most for {Name(best)} ({Effect(best, unit)}) and least for " +
                       $"{Name(least)} ({Effect(least, unit)}), across {groups.Count} groups big enough to estimate.";
        return Overlap(best, least)
            ? sentence + " Their 95% intervals overlap, so this does not show that it worked differently for them."
            : sentence;
    }

    // "Most" and "least" always exist; a reader should not take a gap smaller than the uncertainty for a finding.
    static bool Overlap(SubgroupEffect best, SubgroupEffect least) =>
        best.CiLow is { } low && least.CiHigh is { } high && low <= high;

    public static string Name(SubgroupEffect g) => $"{Format.Words(g.Group).ToLowerInvariant()} {g.Label}";

    static string Effect(SubgroupEffect g, string? unit) =>
        $"{Format.WithUnit(Format.Signed(g.Estimate), unit)}, 95% CI {Format.Interval(g.CiLow, g.CiHigh)}";
}
