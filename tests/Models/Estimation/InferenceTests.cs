using Impact.Models.Estimation;

namespace Impact.Tests.Models.Estimation;

/// <summary>The statistics reported beside every estimate, each against an answer computed another way.</summary>
public sealed class InferenceTests
{
    [Test]
    public void Q_values_match_a_hand_computed_Benjamini_Hochberg()
    {
        // Sorted: .005 (rank 1), .01 (2), .03 (3), .04 (4), .5 (5); m = 5. m·p/rank: .025, .025, .05, .05, .5;
        // the running minimum from the largest down leaves them as they are. The missing p is no test.
        double?[] p = [0.01, 0.04, 0.03, 0.005, null, 0.5];
        var q = FalseDiscovery.QValues(p);
        Assert.That(q, Is.EqualTo(new double?[] { 0.025, 0.05, 0.05, 0.025, null, 0.5 }).Within(1e-12));
    }

    [Test]
    public void A_q_value_is_lowered_by_a_larger_p_value_ranked_above_it()
    {
        // m = 3. Sorted: .001 → 3·.001/1 = .003; .02 → 3·.02/2 = .03; .021 → 3·.021/3 = .021. Step-up: the
        // .02 gets the minimum over itself and every larger p, .021, so it is no larger than the .021's q.
        double?[] p = [0.02, 0.021, 0.001];
        Assert.That(FalseDiscovery.QValues(p), Is.EqualTo(new double?[] { 0.021, 0.021, 0.003 }).Within(1e-12));
    }

    [Test]
    public void The_run_level_check_says_which_effects_survive_it()
    {
        PairResult Pair(string id, string verdict, double p) => new()
        {
            InterventionId = id, MetricId = "m", Status = PairStatus.Estimated, Verdict = verdict,
            Reason = "X raised m.", PValue = p,
        };
        var results = FalseDiscovery.AcrossRun([Pair("a", Verdicts.Improved, 0.001), Pair("b", Verdicts.Improved, 0.04),
            Pair("c", Verdicts.NoMeaningfulEffect, 0.6), Pair("d", Verdicts.Inconclusive, 0.3)]);

        Assert.That(results[0].SurvivesFdr, Is.True);
        Assert.That(results[0].Reason,
            Does.Contain("survives the run's false-discovery check (q = 0.004 across 4 estimated pairs)"));
        Assert.That(results[1].SurvivesFdr, Is.False, "q = 0.04 × 4 / 2 = 0.08");
        Assert.That(results[1].QValue, Is.EqualTo(0.08).Within(1e-12));
        Assert.That(results[1].Reason, Does.Contain("does not survive"));
        Assert.That(results[2].SurvivesFdr, Is.Null, "only an effect verdict can survive or fall");
        Assert.That(results[2].QValue, Is.Not.Null);
    }

    [Test]
    public void The_robustness_value_matches_sensemakrs_published_Darfur_example()
    {
        // sensemakr tests/testthat/test-02-darfur.R: directlyharmed 0.09731582 (SE 0.02325654) on 783 residual
        // degrees of freedom; rv_q = 0.1387764, rv_qa (alpha 0.05) = 0.07625797, to 1e-5.
        var t = 0.09731582 / 0.02325654;
        Assert.That(Diagnostics.RobustnessValue(t, 783), Is.EqualTo(0.1387764).Within(1e-5));
        Assert.That(Diagnostics.RobustnessValue(t, 783, alpha: 0.05), Is.EqualTo(0.07625797).Within(1e-5));
        Assert.That(Diagnostics.RobustnessValue(1.5, 783, alpha: 0.05), Is.Zero,
            "not significant at 5%: nothing to erase");
    }

    [Test]
    public void A_joint_test_of_one_effect_is_the_t_test_of_that_effect()
    {
        // F(1, G − 1) = t²: the pre-trend test with one period must agree with that period's own p-value.
        var random = new Random(4);
        var influence = Enumerable.Range(0, 30).Select(_ => random.NextDouble() - 0.5).ToArray();
        var (se, g) = Inference.ClusteredSe(influence);
        var att = new AttEstimate(0.9, se, influence, 10, 20, g);
        Assert.That(Inference.JointP([att]), Is.EqualTo(att.PValue).Within(1e-9));
        Assert.That(att.PValue, Is.GreaterThan(2 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, 0.9 / se))),
            "t with 29 degrees of freedom has fatter tails than the normal");
    }

    [TestCase(100_000, 2.80)]
    [TestCase(20, 2.95)]
    public void
        The_minimum_detectable_effect_is_about_two_point_eight_standard_errors_with_many_clusters(
            int clusters, double multiple) =>
        Assert.That(Inference.MinimumDetectable(1, clusters), Is.EqualTo(multiple).Within(0.01));
}
