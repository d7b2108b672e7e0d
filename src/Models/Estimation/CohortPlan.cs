using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>
/// The cohorts of one pair before any row is read: each treated unit's windows on the metric's own
/// periods, grouped by identical windows, in time order.
/// </summary>
sealed record CohortPlan(
    List<Cohort> Cohorts, List<List<int>> TreatedOf, bool PreClamped, bool PostClamped, int Outside)
{
    public static CohortPlan Make(Panel panel, string interventionId, int pre, int post, int anticipation, bool placebo)
    {
        var periods = panel.Periods;
        var dates = panel.TreatedOn[interventionId];
        var cohorts = new Dictionary<(int, int, int, int, int), (Cohort Cohort, List<int> Treated)>();
        bool preClamped = false, postClamped = false;
        var outside = 0;
        for (var u = 0; u < panel.UnitIds.Length; u++)
        {
            if (dates[u] is not { } done) continue;
            var e = periods.FirstOnOrAfter(done);
            var contaminated = e > 0 && periods.Contains(e - 1, done) ? 1 : 0;
            var preEnd = e - contaminated - anticipation;
            var postStart = e;
            var postEnd = Math.Min(e + post, periods.Count);
            if (placebo)
            {
                postEnd = preEnd;
                postStart = Math.Max(0, preEnd - post);
                preEnd = postStart;
            }
            var preStart = Math.Max(0, preEnd - pre);
            if (e >= periods.Count || preEnd <= 0 || postEnd <= postStart || preEnd <= preStart)
            {
                outside++;
                continue;
            }
            preClamped |= preEnd - preStart < pre;
            postClamped |= postEnd - postStart < post;
            var key = (e, preStart, preEnd, postStart, postEnd);
            if (!cohorts.TryGetValue(key, out var entry))
                cohorts[key] = entry = (new Cohort(e, preStart, preEnd, postStart, postEnd), []);
            entry.Treated.Add(u);
        }
        var ordered = cohorts.Values.OrderBy(c => c.Cohort.Index).ThenBy(c => c.Cohort.PreEnd).ToList();
        return new CohortPlan(ordered.Select(c => c.Cohort).ToList(), ordered.Select(c => c.Treated).ToList(),
            preClamped, postClamped, outside);
    }
}
