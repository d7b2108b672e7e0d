using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>
/// Builds the stacked cohorts of one pair. Timing rules (the metric's own periods):
/// the first post period is the first period that starts on or after the completion date; the period
/// that contains the completion date (when it is not that one) is contaminated — partly before, partly
/// after — and is left out of both windows; <c>anticipation</c> more periods before it are left out of
/// the baseline too (an Ashenfelter dip). A cohort's comparison rows are every unit not yet touched by
/// the intervention at the cohort's first post period (never treated, or treated later); past a row
/// budget a seeded share of comparison units is used instead.
/// </summary>
public static class StackBuilder
{
    /// <param name="placebo">Move every treated unit's post window back to just before its baseline's end:
    /// the "effect" found there can only be a difference in trends.</param>
    /// <param name="features">Build the covariates the nuisance models learn from; the dip probe only
    /// compares means, and on a big organisation the features are most of a stack's memory.</param>
    public static Stack Build(Panel panel, string interventionId, int pre, int post, int anticipation,
        EstimateOptions options, bool placebo = false, bool features = true)
    {
        var plan = CohortPlan.Make(panel, interventionId, pre, post, anticipation, placebo);
        var cleanUntil = panel.ExposureTo(interventionId)
            .Select(d => CleanUntil(panel.Periods, d, anticipation)).ToArray();
        var pools = plan.Cohorts.Select(c => Pool(cleanUntil, c)).ToList();
        var share = SampledShare(plan, pools, options.MaxStackRows);
        var rows = new StackRows(panel, interventionId, features, options.OutcomeHistory);
        var withoutData = 0;
        var headlineControls = new HashSet<int>();
        for (var c = 0; c < plan.Cohorts.Count; c++)
        {
            var cohort = plan.Cohorts[c];
            foreach (var u in plan.TreatedOf[c])
                if (rows.TryAdd(u, c, cohort, true)) cohort.Treated++; else withoutData++;
            if (cohort.Treated == 0) continue;
            foreach (var u in pools[c])
            {
                if (share < 1 && Nuisance.UnitDraw(panel.UnitIds[u], options.Seed) >= share) continue;
                if (!rows.TryAdd(u, c, cohort, false)) continue;
                cohort.Controls++;
                if (cleanUntil[u] >= cohort.PostEnd - 1) headlineControls.Add(u);
            }
        }
        var keep = plan.Cohorts.Where(c => c.Treated > 0).ToList();
        return rows.ToStack(plan.Cohorts, keep, cleanUntil) with
        {
            DistinctControls = headlineControls.Count, SampledShare = share, PreClamped = plan.PreClamped,
            PostClamped = plan.PostClamped, TreatedWithoutData = withoutData, TreatedOutsidePanel = plan.Outside,
        };
    }

    /// <summary>
    /// The last period a unit touched on <paramref name="date"/> is still clean: before its contaminated
    /// period and its anticipation periods. Never touched: clean throughout.
    /// </summary>
    static int CleanUntil(Periods periods, DateOnly? date, int anticipation)
    {
        if (date is not { } d) return int.MaxValue;
        var e = periods.FirstOnOrAfter(d);
        var contaminated = e > 0 && periods.Contains(e - 1, d) ? 1 : 0;
        return e - contaminated - anticipation - 1;
    }

    static List<int> Pool(int[] cleanUntil, Cohort cohort)
    {
        var pool = new List<int>();
        for (var u = 0; u < cleanUntil.Length; u++)
            if (cleanUntil[u] >= cohort.Index) pool.Add(u);
        return pool;
    }

    /// <summary>
    /// The share of comparison units to use: all of them while the stack fits its row budget; past it, the
    /// same seeded share of units in every cohort (a random subsample keeps the estimate unbiased).
    /// </summary>
    static double SampledShare(CohortPlan plan, List<List<int>> pools, int budget)
    {
        var treated = plan.TreatedOf.Sum(t => t.Count);
        var candidates = pools.Sum(p => (long)p.Count);
        if (treated + candidates <= budget || candidates == 0) return 1;
        return Math.Max(0, budget - treated) / (double)candidates;
    }
}
