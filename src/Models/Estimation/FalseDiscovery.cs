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

    /// <summary>
    /// The run-level check: q-values across the run's estimated pairs, and for every improved or worsened
    /// verdict a sentence saying whether it survives at <see cref="Rate"/>. A pair is one test however many
    /// checks surround it; heterogeneity subgroups are checked within their own table.
    /// </summary>
    public static List<PairResult> AcrossRun(IReadOnlyList<PairResult> results)
    {
        var q = QValues(results.Select(r => r.Status == PairStatus.Estimated ? r.PValue : null).ToList());
        var tested = q.Count(v => v is not null);
        return results.Select((r, i) =>
        {
            if (q[i] is not { } qi) return r;
            if (r.Verdict is not (Verdicts.Improved or Verdicts.Worsened)) return r with { QValue = qi };
            var survives = qi < Rate;
            var sentence = survives
                ? $"{Survives}({Q(qi)} across {tested} estimated pairs)."
                : $"{DoesNotSurvive}({Q(qi)} across {tested} estimated pairs): " +
                  $"with this many pairs tested, an effect this clear could be one of the chance findings.";
            return r with { QValue = qi, SurvivesFdr = survives, Reason = r.Reason + sentence };
        }).ToList();
    }

    const string Survives = " It survives the run's false-discovery check ";
    const string DoesNotSurvive = " It does not survive the run's false-discovery check ";

    /// <summary>
    /// A result as it was before <see cref="AcrossRun"/>: no q-value and no sentence about the check. A pair
    /// carried into a later run is checked again across that run's pairs, as if estimated there.
    /// </summary>
    public static PairResult BeforeRunCheck(PairResult r)
    {
        var cut = new[] { Survives, DoesNotSurvive }.Select(s => r.Reason.IndexOf(s, StringComparison.Ordinal))
            .Where(i => i >= 0).DefaultIfEmpty(r.Reason.Length).Min();
        return r with { QValue = null, SurvivesFdr = null, Reason = r.Reason[..cut] };
    }

    static string Q(double q) => q < 0.001 ? "q < 0.001" : "q = " + Verdicts.Figure(q, 3);
}
