using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>
/// One cohort of a stacked design: the treated whose first post period is <see cref="Index"/>, their
/// windows, and the date before which a comparison unit must not have been treated.
/// </summary>
public sealed record Cohort(int Index, int PreStart, int PreEnd, int PostStart, int PostEnd, DateOnly ControlCutoff)
{
    public int Treated { get; set; }
    public int Controls { get; set; }
}

/// <summary>
/// The stacked rows of one intervention × metric pair: each treated unit once in its cohort, each
/// comparison unit once per cohort it serves (so inference clusters by unit). Rows are struct-of-arrays.
/// </summary>
public sealed class Stack
{
    public required Panel Panel { get; init; }
    public required string InterventionId { get; init; }
    public required List<Cohort> Cohorts { get; init; }
    public required int[] Unit { get; init; }
    public required int[] CohortOf { get; init; }
    public required bool[] Treated { get; init; }
    public required double[] PreMean { get; init; }
    public required double[] PostMean { get; init; }
    public required string[] FeatureNames { get; init; }
    /// <summary>Row-major features, <see cref="FeatureNames"/>.Length per row.</summary>
    public required float[] X { get; init; }
    public int Rows => Unit.Length;
    public int FeatureCount => FeatureNames.Length;
    public double Delta(int row) => PostMean[row] - PreMean[row];
    public int TreatedCount => Cohorts.Sum(c => c.Treated);
    public int DistinctControls { get; init; }
    public bool PreClamped { get; init; }
    public bool PostClamped { get; init; }
    /// <summary>Treated units left out because their windows have no observed values.</summary>
    public int TreatedWithoutData { get; init; }
    public int TreatedOutsidePanel { get; init; }

    /// <summary>The unit's value in period (cohort index + <paramref name="relative"/>) minus its baseline; NaN if absent.</summary>
    public double Relative(int row, int relative)
    {
        var t = Cohorts[CohortOf[row]].Index + relative;
        if (t < 0 || t >= Panel.Periods.Count) return double.NaN;
        var v = Panel.Value(Unit[row], t);
        return float.IsNaN(v) ? double.NaN : v - PreMean[row];
    }
}
