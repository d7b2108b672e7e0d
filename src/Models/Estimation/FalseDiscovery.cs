namespace Impact.Models.Estimation;

/// <summary>
/// Benjamini–Hochberg (1995) q-values: with many pairs (or subgroups) tested at once, some will look like
/// effects by chance; the q-value is the smallest false-discovery rate at which a result still counts as a
/// discovery. q_(i) = min over j ≥ i of m·p_(j)/j, for p-values sorted ascending, at most 1.
/// </summary>
public static class FalseDiscovery
{
    /// <summary>The run-level rate a verdict must survive: at most one in twenty discoveries false.</summary>
    public const double Rate = 0.05;

    /// <summary>q-values in the order given; a missing p-value is not a test and gets no q-value.</summary>
    public static double?[] QValues(IReadOnlyList<double?> pValues)
    {
        var tested = Enumerable.Range(0, pValues.Count).Where(i => pValues[i] is { } p && double.IsFinite(p))
            .OrderByDescending(i => pValues[i]!.Value).ToList();
        var q = new double?[pValues.Count];
        var m = tested.Count;
        var running = 1.0;
        for (var k = 0; k < m; k++)
        {
            var rank = m - k; // rank of this p-value in ascending order, 1-based
            var i = tested[k];
            running = Math.Min(running, pValues[i]!.Value * m / rank);
            q[i] = running;
        }
        return q;
    }
}
