namespace Impact.Models.Estimation;

/// <summary>
/// With few clusters — twenty or fifty teams, a handful of them comparisons — the influence-function variance (CR1)
/// is too small, most of all when weights pile onto a few comparison teams. The leave-one-cluster-out
/// jackknife (CR3; MacKinnon, Nielsen &amp; Webb 2023) re-estimates the aggregate without each cluster and
/// takes the spread: dropping a heavily weighted comparison team moves the estimate as much as it should.
/// It is returned as a pseudo-influence a_g = (G−1)/G (θ̄ − θ_(−g)), so that the usual G/(G−1)·Σa² is the
/// jackknife variance and every test built on influence sums (pre-trend, dip, placebo) uses it too.
/// </summary>
static class ClusterJackknife
{
    /// <summary>
    /// Up to this many clusters with data, the jackknife replaces the influence-function variance. What
    /// matters is how few comparison teams carry a late cohort, not the total: with 50 teams, 10 never
    /// treated, CR1 is still too sure. Past it (people as clusters, or thousands of teams) the influence
    /// function is accurate, and a table of sums per cluster and cohort would cost memory for nothing.
    /// </summary>
    public const int MaxClusters = 200;

    public static double[] PseudoInfluence(Stack stack, CohortSums s, Func<int, double>? cohortWeight, double[] r,
        double[] w, bool[] d)
    {
        var k = stack.Cohorts.Count;
        var compact = new Dictionary<int, int>();
        var part = new List<double[]>(); // per active cluster: n1, sum1, sumW, sumWr for each cohort
        for (var i = 0; i < stack.Rows; i++)
        {
            if (double.IsNaN(r[i]) || !s.Usable(stack.CohortOf[i])) continue;
            var g = stack.ClusterOfRow(i);
            if (!compact.TryGetValue(g, out var j))
            {
                compact[g] = j = part.Count;
                part.Add(new double[4 * k]);
            }
            var c = 4 * stack.CohortOf[i];
            if (d[i]) { part[j][c]++; part[j][c + 1] += r[i]; }
            else { part[j][c + 2] += w[i]; part[j][c + 3] += w[i] * r[i]; }
        }
        var leaveOut = part.Select(p => Without(s, p, k, cohortWeight)).ToArray();
        var influence = new double[stack.Clustering.Count];
        var finite = leaveOut.Where(double.IsFinite).ToArray();
        if (finite.Length < 2) return influence;
        var mean = finite.Average();
        var g0 = leaveOut.Length;
        foreach (var (cluster, j) in compact)
        {
            // A cluster without which nothing can be estimated moves the estimate as far as the furthest one.
            var without = double.IsFinite(leaveOut[j]) ? leaveOut[j] : Furthest(finite, mean);
            influence[cluster] = (g0 - 1.0) / g0 * (mean - without);
        }
        return influence;
    }

    static double Without(CohortSums s, double[] part, int k, Func<int, double>? cohortWeight)
    {
        double total = 0, value = 0;
        for (var c = 0; c < k; c++)
        {
            var n1 = s.N1[c] - part[4 * c];
            var sumW = s.SumW[c] - part[4 * c + 2];
            if (!s.Usable(c) || n1 <= 0 || sumW <= 1e-12 * s.SumW[c]) continue;
            var tau = (s.Sum1[c] - part[4 * c + 1]) / n1 - (s.SumWr[c] - part[4 * c + 3]) / sumW;
            var share = n1 * (cohortWeight?.Invoke(c) ?? 1);
            total += share;
            value += share * tau;
        }
        return total > 0 ? value / total : double.NaN;
    }

    static double Furthest(double[] values, double mean) => values.MaxBy(v => Math.Abs(v - mean));
}
