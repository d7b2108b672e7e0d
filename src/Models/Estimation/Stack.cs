using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>
/// One cohort of a stacked design: the treated whose first post period is <see cref="Index"/> and
/// their windows. <see cref="PreEnd"/> − 1 is the cohort's reference period: the last baseline period.
/// </summary>
public sealed record Cohort(int Index, int PreStart, int PreEnd, int PostStart, int PostEnd)
{
    public int Treated { get; set; }
    public int Controls { get; set; }
    public int Reference => PreEnd - 1;
}

/// <summary>
/// The stacked rows of one intervention × metric pair: each treated unit once in its cohort, each
/// comparison unit once per cohort it can serve (so inference sums by cluster). A cohort's comparison
/// rows are everyone not yet treated at its first post period; each estimate uses the ones still
/// untreated through the periods it compares (<see cref="InHeadline"/>, <see cref="ComparableAt"/>),
/// as R's did does with not-yet-treated comparisons. Rows are struct-of-arrays.
/// </summary>
public sealed record Stack
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
    /// <summary>
    /// Per panel unit: the last period it is untreated and not anticipating (int.MaxValue: never treated).
    /// </summary>
    public required int[] CleanUntil { get; init; }
    public int Rows => Unit.Length;
    public int FeatureCount => FeatureNames.Length;
    public double Delta(int row) => PostMean[row] - PreMean[row];
    public int TreatedCount => Cohorts.Sum(c => c.Treated);
    /// <summary>Distinct comparison units of the headline estimate (untreated through a whole post window).</summary>
    public int DistinctControls { get; init; }
    /// <summary>Comparison units left out to keep the stack within its row budget (0: everyone was used).</summary>
    public double SampledShare { get; init; } = 1;
    public bool PreClamped { get; init; }
    public bool PostClamped { get; init; }
    /// <summary>Treated units left out because their windows have no observed values.</summary>
    public int TreatedWithoutData { get; init; }
    public int TreatedOutsidePanel { get; init; }
    Clustering? clustering;

    /// <summary>
    /// The clusters inference sums over; each unit alone until <see cref="ClusteredBy"/> says otherwise.
    /// </summary>
    public Clustering Clustering => clustering ??= Clustering.ByUnit(Panel, "Each unit is its own cluster.");

    /// <summary>Sets the clusters inference sums over; chosen once per pair, from the probe stack.</summary>
    public Stack ClusteredBy(Clustering chosen)
    {
        clustering = chosen;
        return this;
    }

    public int ClusterOfRow(int row) => Clustering.ClusterOf[Unit[row]];

    /// <summary>A treated row, or a comparison row still untreated at the end of its cohort's post window.</summary>
    public bool InHeadline(int row) => Treated[row] || CleanUntil[Unit[row]] >= Cohorts[CohortOf[row]].PostEnd - 1;

    /// <summary>
    /// A treated row, or a comparison row untreated through period (index + relative) and the reference.
    /// </summary>
    public bool ComparableAt(int row, int relative)
    {
        var cohort = Cohorts[CohortOf[row]];
        var through = cohort.Index + Math.Max(relative, cohort.Reference - cohort.Index);
        return Treated[row] || CleanUntil[Unit[row]] >= through;
    }

    /// <summary>
    /// The unit's value in period (cohort index + <paramref name="relative"/>) minus its value in the cohort's
    /// reference period (R did's universal base); NaN if either is absent.
    /// </summary>
    public double Relative(int row, int relative)
    {
        var cohort = Cohorts[CohortOf[row]];
        var t = cohort.Index + relative;
        if (t < 0 || t >= Panel.Periods.Count || cohort.Reference < 0) return double.NaN;
        var v = Panel.Value(Unit[row], t);
        var reference = Panel.Value(Unit[row], cohort.Reference);
        return float.IsNaN(v) || float.IsNaN(reference) ? double.NaN : v - reference;
    }
}
