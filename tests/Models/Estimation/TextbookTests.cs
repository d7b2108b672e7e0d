using Impact.Models.Estimation;
using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Tests.Models.Estimation;

/// <summary>Hand-computed answers, so a wrong sign or weight cannot hide inside the ML parts.</summary>
public sealed class TextbookTests
{
    static readonly PerformanceMetric Score = new("score", "Score", "points", Direction.HigherIsBetter,
        MetricLevel.Employee, null, null);

    /// <summary>Units with two monthly values each; the first <paramref name="treated"/> complete on the second
    /// period's first day.</summary>
    static Stack TwoByTwo(double[][] values, int treated) =>
        StackBuilder.Build(TwoPeriods(values, treated), "course", pre: 1, post: 1, anticipation: 0,
            new EstimateOptions());

    static Panel TwoPeriods(double[][] values, int treated)
    {
        var periods = new Periods([new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1)]);
        var n = values.Length;
        var panel = new Panel
        {
            Metric = Score, Periods = periods, UnitIds = Enumerable.Range(0, n).Select(i => $"U{i}").ToArray(),
            Values = values.SelectMany(v => v.Select(x => (float)x)).ToArray(), FeatureNames = [], Features = [],
            Groups = new Dictionary<string, string?[]>(),
            TreatedOn = new Dictionary<string, DateOnly?[]> { ["course"] = Enumerable.Range(0, n).Select(i =>
                i < treated ? new DateOnly(2024, 2, 1) : (DateOnly?)null).ToArray() },
            Interventions = new Dictionary<string, InterventionRow> { ["course"] = new("course", "Course", "training",
                null, null) },
        };
        return panel;
    }

    [Test]
    public void Two_by_two_difference_in_differences_matches_the_hand_computed_answer_and_standard_error()
    {
        // Treated change: (15−10 + 19−12)/2 = 6. Control change: (9−8 + 13−10)/2 = 2. DiD = 4.
        var stack = TwoByTwo([[10, 15], [12, 19], [8, 9], [10, 13]], treated: 2);
        var did = Att.Estimate(stack, stack.Delta, _ => 1);

        Assert.That(did.Value, Is.EqualTo(4).Within(1e-9));
        // Four clusters are few, so the standard error is the leave-one-out jackknife: without each unit the
        // estimate is 5, 3, 3, 5 (mean 4), and (G − 1)/G · Σ(θ₋g − θ̄)² = 3/4 · 4 = 3.
        Assert.That(did.StdError, Is.EqualTo(Math.Sqrt(3)).Within(1e-9));
        Assert.That(did.CiHigh - did.Value, Is.EqualTo(3.182446 * Math.Sqrt(3)).Within(1e-5),
            "t with 3 degrees of freedom");
        var naive = Att.Estimate(stack, i => stack.PostMean[i], _ => 1);
        Assert.That(naive.Value, Is.EqualTo((15 + 19) / 2.0 - (9 + 13) / 2.0).Within(1e-9));
    }

    [Test]
    public void Inverse_propensity_weighting_on_a_small_table_matches_the_hand_computed_answer()
    {
        // Changes: treated 3 and 5 (mean 4); controls 1, 2, 0, 4 with propensities .5, .75, .2, .5,
        // so odds weights 1, 3, .25, 1: weighted control mean 11 / 5.25; ATT = 4 − 11/5.25.
        var stack = TwoByTwo([[0, 3], [0, 5], [0, 1], [0, 2], [0, 0], [0, 4]], treated: 2);
        double[] p = [0.6, 0.6, 0.5, 0.75, 0.2, 0.5];
        var ipw = Att.Estimate(stack, stack.Delta, i => p[stack.Unit[i]] / (1 - p[stack.Unit[i]]));

        Assert.That(ipw.Value, Is.EqualTo(4 - 11 / 5.25).Within(1e-9));
    }

    [Test]
    public void Doubly_robust_estimate_with_an_exact_outcome_model_is_the_treated_mean_residual_whatever_the_weights()
    {
        var stack = TwoByTwo([[0, 3], [0, 5], [0, 1], [0, 2], [0, 0], [0, 4]], treated: 2);
        // m(X) equal to each control's own change leaves zero control residuals, so the weights cannot matter.
        double[] m = [1, 1, 1, 2, 0, 4];
        var a = Att.Estimate(stack, i => stack.Delta(i) - m[stack.Unit[i]], _ => 1);
        var b = Att.Estimate(stack, i => stack.Delta(i) - m[stack.Unit[i]], i => 1 + stack.Unit[i]);

        Assert.That(a.Value, Is.EqualTo((3 - 1 + 5 - 1) / 2.0).Within(1e-9));
        Assert.That(b.Value, Is.EqualTo(a.Value).Within(1e-9));
    }

    [Test]
    public void Completion_inside_a_period_contaminates_that_period_and_starts_the_post_window_at_the_next()
    {
        var monthly = new Periods([new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1), new DateOnly(2024, 3, 1),
            new DateOnly(2024, 4, 1)]);
        Assert.That(monthly.FirstOnOrAfter(new DateOnly(2024, 3, 15)), Is.EqualTo(3));
        Assert.That(monthly.Contains(2, new DateOnly(2024, 3, 15)), Is.True);
        Assert.That(monthly.FirstOnOrAfter(new DateOnly(2024, 3, 1)), Is.EqualTo(2),
            "a completion on a period's first day makes that period post");

        var yearly = new Periods([new DateOnly(1974, 1, 1), new DateOnly(1975, 1, 1), new DateOnly(1978, 1, 1)]);
        Assert.That(yearly.FirstOnOrAfter(new DateOnly(1976, 7, 1)), Is.EqualTo(2));
        Assert.That(yearly.Contains(1, new DateOnly(1976, 7, 1)), Is.False,
            "gaps in yearly data are missing years, not long periods");
    }

    [Test]
    public void An_engagement_measure_cannot_become_an_outcome()
    {
        Assert.That(() =>
            PerformanceMetric.FromMetricsRow("enps", "eNPS", null, "higher_is_better", "employee", "engagement",
            null, null),
            Throws.ArgumentException.With.Message.Contains("only performance metrics"));
    }

    [TestCase(0.3, true)]
    [TestCase(10, false)]
    public void A_clear_but_tiny_effect_is_reported_with_a_warning_that_it_is_small(double effect, bool small)
    {
        // 400 people around 100 points, changes with a spread of 0.1: +0.3 (0.3%) is as clear as +10.
        var random = new Random(3);
        var values = Enumerable.Range(0, 400).Select(u =>
            new[] { 100.0, 100 + (u < 200 ? effect : 0) + 0.1 * (random.NextDouble() - 0.5) }).ToArray();
        var r = PairEstimator.Estimate(TwoPeriods(values, treated: 200), "course",
            new EstimateOptions { Folds = 2, Insights = false }, CancellationToken.None);

        Assert.That(r.Verdict, Is.EqualTo("improved"), r.Reason);
        Assert.That(r.Estimate, Is.EqualTo(effect).Within(0.05));
        Assert.That(r.Warnings.Any(w => w.StartsWith("Clear but small: 0.3%", StringComparison.Ordinal)),
            Is.EqualTo(small), string.Join(" | ", r.Warnings));
    }
}
