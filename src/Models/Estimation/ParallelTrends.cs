namespace Impact.Models.Estimation;

/// <summary>
/// A sensitivity in the spirit of Rambachan &amp; Roth (2023, R HonestDiD), with relative magnitudes on
/// levels: if after completion the gap between completers and comparisons could drift by up to M̄ times
/// the largest pre-period deviation D, the interval widens by M̄·D on each side. The breakdown value is
/// the M̄ at which the verdict would no longer hold: zero enters an improved or worsened interval, or the
/// interval of a "no meaningful effect" reaches the smallest meaningful change. Below 1, a violation no
/// larger than one already seen would overturn it. (HonestDiD bounds period-to-period changes; this bounds
/// levels against the reference period, which is simpler to say and no less strict for a short post window.)
/// </summary>
public static class ParallelTrends
{
    public static (double? Breakdown, string? Sentence) Judge(VerdictInput v, string word)
    {
        var d = v.LargestPreDeviation;
        if (!(d > 0)) return (null, null);
        double? margin = word switch
        {
            Verdicts.Improved or Verdicts.Worsened => Math.Min(Math.Abs(v.CiLow), Math.Abs(v.CiHigh)),
            Verdicts.NoMeaningfulEffect => Math.Min(v.Metric.SmallestMeaningfulChange!.Value - v.CiHigh,
                v.CiLow + v.Metric.SmallestMeaningfulChange!.Value),
            _ => null,
        };
        if (margin is not { } room) return (null, null);
        var breakdown = room / d;
        var unit = string.IsNullOrEmpty(v.Metric.Unit) ? "" : " " + v.Metric.Unit;
        var largest = $"the largest seen before it ({Verdicts.Figure(d)}{unit})";
        var sentence = breakdown >= 1
            ? "Overturning this verdict would take a departure from parallel trends after completion " +
              $"{Verdicts.Figure(breakdown, 1)} times {largest}."
            : $"A departure from parallel trends after completion of {Verdicts.Percent(breakdown)} of {largest} " +
              "would overturn this verdict.";
        return (breakdown, sentence);
    }
}
