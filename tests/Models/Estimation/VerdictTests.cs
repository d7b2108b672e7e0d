using System.Text.Json;
using Impact.Models.Estimation;
using Impact.Models.Outcomes;
using Impact.Models.Panels;
using Impact.Models.Runs;

namespace Impact.Tests.Models.Estimation;

/// <summary>
/// From interval to words: "no meaningful effect" and "inconclusive" told apart, and pre-trends weighed by size.
/// </summary>
public sealed class VerdictTests
{
    static readonly PerformanceMetric Meaningful1 =
        new("csat", "CSAT", "points", Direction.HigherIsBetter, MetricLevel.Employee, 10, "EUR", 1);
    static readonly PerformanceMetric NoThreshold =
        new("csat", "CSAT", "points", Direction.HigherIsBetter, MetricLevel.Employee, 10, "EUR");
    static readonly InterventionRow Course = new("course", "Course", "training", 100, "EUR");
    static readonly EstimateOptions Options = new();

    static Verdict Decide(
        PerformanceMetric metric, double low, double high, double? pretrendP = 0.5, double deviation = 0.2) =>
        Verdicts.Decide(
            new VerdictInput(metric, Course, (low + high) / 2, low, high, 1.4, pretrendP, deviation), Options);

    [Test]
    public void An_interval_inside_the_smallest_meaningful_change_is_no_meaningful_effect()
    {
        var v = Decide(Meaningful1, -0.4, 0.6);
        Assert.That(v.Word, Is.EqualTo(Verdicts.NoMeaningfulEffect));
        Assert.That(v.Reason, Does.Contain("rules out changes larger than 1 points"));
    }

    [Test]
    public void An_interval_that_crosses_it_is_inconclusive_with_the_range_and_the_detectable_effect()
    {
        var v = Decide(Meaningful1, -0.4, 1.6);
        Assert.That(v.Word, Is.EqualTo(Verdicts.Inconclusive));
        Assert.That(v.Reason, Does.Contain("anywhere from -0.4 to 1.6 points")
            .And.Contain("smallest effect it could detect is 1.4 points"));
    }

    [Test]
    public void Without_a_smallest_meaningful_change_a_null_says_its_interval_and_detectable_effect()
    {
        var v = Decide(NoThreshold, -0.4, 0.6);
        Assert.That(v.Word, Is.EqualTo(Verdicts.NoDetectableEffect));
        Assert.That(v.Reason, Does.Contain("runs from -0.4 to 0.6 points")
            .And.Contain("smallest effect it could detect is 1.4"));
    }

    [Test]
    public void A_clear_pre_trend_small_beside_the_effect_does_not_block_and_its_breakdown_is_said()
    {
        var v = Decide(Meaningful1, 1.2, 2.8, pretrendP: 0.001, deviation: 0.4);
        Assert.That(v.Word, Is.EqualTo(Verdicts.Improved));
        Assert.That(v.Breakdown, Is.EqualTo(3).Within(1e-9), "1.2 of room over a deviation of 0.4");
        Assert.That(v.TrendSensitivity, Does.Contain("3 times the largest seen before it (0.4 points)"));
    }

    [Test]
    public void A_pre_trend_both_clear_and_large_blocks_but_a_large_unclear_one_does_not()
    {
        var blocked = Decide(Meaningful1, 0.2, 1.8, pretrendP: 0.001, deviation: 0.5);
        Assert.That(blocked.Status, Is.EqualTo(Verdicts.Insufficient));
        Assert.That(blocked.Reason, Does.Contain("pre-trend p = 0.001").And.Contain("largest deviation 0.5 points"));

        var noisy = Decide(Meaningful1, 0.2, 1.8, pretrendP: 0.2, deviation: 0.5);
        Assert.That(noisy.Word, Is.EqualTo(Verdicts.Improved));
        Assert.That(noisy.Breakdown, Is.EqualTo(0.4).Within(1e-9));
        Assert.That(noisy.TrendSensitivity, Does.Contain("40% of the largest seen before it"));
    }

    [Test]
    public void A_pair_blocked_by_its_pre_trend_carries_no_estimate_interval_benefit_or_return_anywhere()
    {
        // Completers' score climbs 0.3 a month throughout: a clear, large pre-trend and no effect.
        var noise = new Random(6);
        var draws = Enumerable.Range(0, 400 * 24).Select(_ => SyntheticPanels.Gaussian(noise)).ToArray();
        var metric = new PerformanceMetric("score", "Score", "points", Direction.HigherIsBetter, MetricLevel.Employee,
            10, "EUR", 1);
        var panel = SyntheticPanels.Make(400, 24, (u, t) => 50 + draws[u * 24 + t] + (u < 200 ? 0.3 * t : 0),
            u => u < 200 ? 12 : null, metric: metric);
        var r = PairEstimator.Estimate(
            panel, "course", new EstimateOptions { Folds = 2, Insights = false }, CancellationToken.None);
        TestContext.Out.WriteLine(r.Reason);

        Assert.That(r.Status, Is.EqualTo(Verdicts.Insufficient));
        Assert.That((r.Estimate, r.StdError, r.CiLow, r.CiHigh, r.DidEstimate, r.SpecLow, r.SpecHigh),
            Is.EqualTo(((double?)null, (double?)null, (double?)null, (double?)null, (double?)null, (double?)null,
                (double?)null)));
        Assert.That((r.BenefitPerParticipant, r.BenefitCiLow, r.BenefitCiHigh, r.Roi, r.QValue),
            Is.EqualTo(((double?)null, (double?)null, (double?)null, (double?)null, (double?)null)));
        Assert.That(r.EventStudy, Is.Not.Empty, "the evidence for the block is kept");
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(r, EstimateRunTables.Json));
        foreach (var field in new[] { "estimate", "ci_low", "ci_high", "benefit_per_participant", "roi" })
            Assert.That(json.RootElement.GetProperty(field).ValueKind, Is.EqualTo(JsonValueKind.Null), field);
    }

    [Test]
    public void The_effective_comparison_size_is_Kishs_formula_on_the_weights()
    {
        // Two completers, four comparisons with weights 1, 3, 0.25, 1: (Σw)² / Σw² = 5.25² / 11.0625.
        var panel = SyntheticPanels.Make(6, 2, (u, t) => t, u => u < 2 ? 1 : null);
        var stack = StackBuilder.Build(panel, "course", 1, 1, 0, new EstimateOptions(), features: false);
        double[] w = [0, 0, 1, 3, 0.25, 1];
        Assert.That(PairChecks.KishControls(stack, i => w[stack.Unit[i]], _ => true),
            Is.EqualTo(5.25 * 5.25 / 11.0625).Within(1e-9));
    }

    [Test]
    public void The_robustness_value_counts_people_not_stack_rows()
    {
        // A comparison person serves three cohorts: the degrees of freedom are people, as in sensemakr.
        var panel = SyntheticPanels.Make(300, 10,
            (u, t) => (u * 7919 + t * 104729) % 13 / 13.0 + (u < 90 && t >= 3 + u % 3 ? 1 : 0),
            u => u < 90 ? 3 + u % 3 : null);
        var stack = StackBuilder.Build(panel, "course", 2, 2, 0, new EstimateOptions());
        Assert.That(stack.Rows, Is.GreaterThan(600), "comparison rows repeat across cohorts");
        var people = stack.TreatedCount + stack.DistinctControls;
        var (rv, _) = Diagnostics.Sensitivity(stack, 0.5, 0.1, people);
        Assert.That(rv, Is.EqualTo(Diagnostics.RobustnessValue(5, people - stack.FeatureCount - 2)).Within(1e-12));
        Assert.That(rv, Is.GreaterThan(Diagnostics.RobustnessValue(5, stack.Rows - stack.FeatureCount - 2)),
            "rows would understate it");
    }
}
