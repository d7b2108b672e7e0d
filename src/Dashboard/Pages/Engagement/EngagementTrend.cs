using System.Globalization;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using static Impact.Dashboard.Pages.Engagement.IndexModel;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>
/// The organisation-wide waves as series for the trend charts, and the sentence each chart states (its text
/// alternative). Only values the summary already shows go in: a hidden wave is a gap, never a number.
/// </summary>
public static class EngagementTrend
{
    public static IReadOnlyList<string> Keys(IReadOnlyList<Survey> waves) =>
        waves.SelectMany(w => w.Items).Distinct().Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<SurveySeries> Items(IReadOnlyList<Survey> waves, Func<string, string> label) =>
        Keys(waves).Select(item => new SurveySeries(label(item), waves
                .Select(w => (Day(w.FirstDay), Organisation(w)?.Items.GetValueOrDefault(item))).ToList()))
            .ToList();

    public static SurveySeries Enps(IReadOnlyList<Survey> waves) =>
        new("eNPS", waves.Select(w => (Day(w.FirstDay), Organisation(w)?.Enps)).ToList());

    /// <summary>"Across 8 waves (Mar 2024 to Dec 2025), “Intend to stay” moved most: 3.61 to 3.59 (−0.02)."
    /// — the item whose first and last shown values differ most.</summary>
    public static string ItemsSentence(IReadOnlyList<SurveySeries> items)
    {
        var moves = items.Select(s => (s.Label, Ends: Ends(s))).Where(m => m.Ends is not null).ToList();
        if (moves.Count == 0) return "No item has a value that can be shown in any wave.";
        var (name, ends) = moves.MaxBy(m => Math.Abs(m.Ends!.Value.Last - m.Ends.Value.First));
        var (first, last, from, to, waves) = ends!.Value;
        return waves < 2
            ? $"One wave so far ({Month(from)}): items range from {Format.Number(moves.Min(m => m.Ends!.Value.Last))}" +
              $" to {Format.Number(moves.Max(m => m.Ends!.Value.Last))} on the 1–5 scale."
            : $"Across {waves} waves ({Month(from)} to {Month(to)}), “{name}” moved most: " +
              $"{Format.Number(first)} to {Format.Number(last)} ({Format.Signed(last - first)} on the 1–5 scale).";
    }

    public static string EnpsSentence(SurveySeries enps) => Ends(enps) is not { } e
        ? "eNPS is hidden in every wave: too few answers."
        : e.Waves < 2
            ? $"eNPS was {Format.Signed(e.Last, 0)} in {Month(e.To)}."
            : $"eNPS went from {Format.Signed(e.First, 0)} in {Month(e.From)} to {Format.Signed(e.Last, 0)} in " +
              $"{Month(e.To)} ({Format.Signed(e.Last - e.First, 0)} points).";

    static (double First, double Last, DateOnly From, DateOnly To, int Waves)? Ends(SurveySeries s)
    {
        var shown = s.Points.Where(p => p.Value is not null).OrderBy(p => p.Wave).ToList();
        return shown.Count == 0 ? null
            : (shown[0].Value!.Value, shown[^1].Value!.Value, shown[0].Wave, shown[^1].Wave, shown.Count);
    }

    /// <summary>A summary wave's one organisation-wide group, or null where it is hidden.</summary>
    public static Group? Organisation(Survey wave) =>
        wave.Groups.SingleOrDefault() is { Hidden: false } g ? g : null;

    static DateOnly Day(string iso) => DateOnly.ParseExact(iso[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Month(DateOnly d) => d.ToString("MMM yyyy", CultureInfo.InvariantCulture);
}
