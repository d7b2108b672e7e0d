using Impact.Models.Outcomes;

namespace Impact.Models.Estimation;

/// <summary>What the dip probe found: how many periods before completion to leave out of the baseline
/// (0: none), how deep the drop was in the metric's units, its p-value, and why a drop was not a dip.</summary>
public sealed record Dip(int Periods, double? Depth, double? P, string? Kept)
{
    public static readonly Dip None = new(0, null, null, null);
}

/// <summary>
/// Ashenfelter dip: people sent to training after a bad spell recover on their own, and a baseline that
/// includes the spell credits that recovery to the training. The probe moves the baseline back only for
/// a drop that is a dip: the last one to three baseline periods each clearly worse than the earlier ones
/// (direction-aware, |t| beyond the 99% two-sided value); not the continuation of a trend the earlier
/// periods already show (needs three of them to draw the line); and followed by a recovery — the
/// periods after completion clearly better than the dip. A permanent drop or a trend stays in the
/// baseline, where the pre-trend test weighs it.
/// </summary>
public static class DipProbe
{
    const int MaxDepth = 3;

    public static Dip Detect(List<(int Relative, AttEstimate Att)> points, Stack stack, PerformanceMetric metric)
    {
        var end = EventStudy.PreTestEnd(stack);
        var pre = points.Where(p => p.Relative < end).ToList();
        if (pre.Count == 0) return Dip.None;
        // The reference period is part of the baseline: zero by construction, with no sampling noise.
        var clusters = pre[0].Att.ClusterInfluence.Length;
        pre.Add((end, new AttEstimate(0, 0, new double[clusters], 0, 0, pre[0].Att.Clusters)));
        var depth = Math.Min(MaxDepth, pre.Count - 2);
        if (depth < 1) return Dip.None;
        var earlier = pre.Take(pre.Count - depth).ToList();
        var critical = Inference.Critical(pre[0].Att.Clusters, 0.99);
        var dip = 0;
        for (var d = 1; d <= depth; d++)
        {
            var worse = Contrast.Of([(1, pre[^d].Att), .. Mean(earlier, -1)]);
            if (metric.Sign * worse.T < -critical) dip = d; else break;
        }
        if (dip == 0) return Dip.None;
        var dipped = pre.Skip(pre.Count - dip).ToList();
        var drop = Contrast.Of([.. Mean(dipped, 1), .. Mean(earlier, -1)]);
        var depthInUnits = Math.Abs(drop.Value);
        if (earlier.Count >= 3 && metric.Sign * BeyondTrend(earlier, dipped).T >= -critical)
            return new Dip(0, depthInUnits, drop.P, "it continues a trend the earlier baseline periods already show");
        var post = points.Where(p => p.Relative >= 0).ToList();
        var recovered = post.Count > 0 && metric.Sign * Contrast.Of([.. Mean(post, 1), .. Mean(dipped, -1)]).T
            > Inference.Critical(pre[0].Att.Clusters, 0.90);
        const string lasting = "the metric did not recover after completion: a lasting drop, not a dip";
        if (!recovered) return new Dip(0, depthInUnits, drop.P, lasting);
        return new Dip(dip, depthInUnits, drop.P, null);
    }

    /// <summary>The dip periods' mean minus where a least-squares line through the earlier periods puts them.</summary>
    /// <summary>The terms of ± the mean of <paramref name="points"/>.</summary>
    static IEnumerable<(double, AttEstimate)> Mean(List<(int Relative, AttEstimate Att)> points, double sign) =>
        points.Select(p => (sign / points.Count, p.Att));

    static Contrast BeyondTrend(List<(int Relative, AttEstimate Att)> earlier,
        List<(int Relative, AttEstimate Att)> dipped)
    {
        var xs = earlier.Select(e => (double)e.Relative).ToArray();
        var mean = xs.Average();
        var sxx = xs.Sum(x => (x - mean) * (x - mean));
        var terms = Mean(dipped, 1).ToList();
        foreach (var d in dipped)
            for (var j = 0; j < earlier.Count; j++)
            {
                var onTheLine = 1.0 / earlier.Count + (xs[j] - mean) * (d.Relative - mean) / sxx;
                terms.Add((-onTheLine / dipped.Count, earlier[j].Att));
            }
        return Contrast.Of(terms);
    }
}

/// <summary>A linear combination of estimates with its influence, standard error, t and p (t with G − 1 df).</summary>
public sealed record Contrast(double Value, double StdError, int Clusters)
{
    public double T => StdError > 0 ? Value / StdError : 0;
    public double? P => StdError > 0 ? Inference.PValue(T, Clusters) : null;

    public static Contrast Of(IReadOnlyList<(double Weight, AttEstimate Att)> terms)
    {
        var influence = new double[terms[0].Att.ClusterInfluence.Length];
        double value = 0;
        foreach (var (w, att) in terms)
        {
            value += w * att.Value;
            for (var g = 0; g < influence.Length; g++) influence[g] += w * att.ClusterInfluence[g];
        }
        var (se, clusters) = Inference.ClusteredSe(influence);
        return new Contrast(value, se, clusters);
    }
}
