using Impact.Models.Estimation;
using Impact.Models.Panels;

namespace Impact.Tests.Models.Estimation;

/// <summary>
/// The dip probe moves the baseline back only for a dip: a drop just before completion that is not the
/// continuation of a trend and that recovers afterwards. 400 people, half completing at month 12; their
/// last two baseline months (10 and 11) carry the pattern.
/// </summary>
public sealed class DipProbeTests
{
    static readonly EstimateOptions Options = new() { Insights = false };

    static Dip Probe(Func<int, double> treatedPattern)
    {
        var noise = new Random(8);
        var draws = Enumerable.Range(0, 400 * 24).Select(_ => SyntheticPanels.Gaussian(noise)).ToArray();
        var panel = SyntheticPanels.Make(400, 24,
            (u, t) => 50 + u % 7 + draws[u * 24 + t] + (u < 200 ? treatedPattern(t) : 0), u => u < 200 ? 12 : null);
        var stack = StackBuilder.Build(panel, "course", 6, 3, 0, Options, features: false);
        return DipProbe.Detect(
            EventStudy.Estimate(stack, _ => 1, _ => true, Options, outcomeModel: false), stack, panel.Metric);
    }

    [Test]
    public void A_dip_that_recovers_moves_the_baseline_before_it_and_is_still_measured()
    {
        var dip = Probe(t => t is 10 or 11 ? -3 : t >= 12 ? 2 : 0);
        Assert.That(dip.Periods, Is.EqualTo(2));
        Assert.That(dip.Depth, Is.EqualTo(3).Within(0.5), "the drop in the metric's units");
        Assert.That(dip.P, Is.LessThan(0.001));
    }

    [Test]
    public void A_lasting_drop_is_not_a_dip_and_stays_in_the_baseline()
    {
        var dip = Probe(t => t >= 10 ? -3 : 0);
        Assert.That(dip.Periods, Is.Zero);
        Assert.That(dip.Kept, Does.Contain("did not recover"));
        Assert.That(dip.Depth, Is.GreaterThan(2), "the drop is still reported");
    }

    [Test]
    public void A_decline_that_began_earlier_is_a_trend_not_a_dip()
    {
        var dip = Probe(t => t >= 4 ? -0.6 * (t - 4) : 0);
        Assert.That(dip.Periods, Is.Zero);
        Assert.That(dip.Kept, Does.Contain("trend"));
    }

    [Test]
    public void A_lasting_drop_left_in_the_baseline_is_caught_by_the_pre_trend_test()
    {
        var noise = new Random(9);
        var draws = Enumerable.Range(0, 400 * 24).Select(_ => SyntheticPanels.Gaussian(noise)).ToArray();
        var panel = SyntheticPanels.Make(400, 24,
            (u, t) => 50 + draws[u * 24 + t] + (u < 200 && t >= 10 ? -3 : 0), u => u < 200 ? 12 : null);
        var r = PairEstimator.Estimate(panel, "course", Options with { Folds = 2 }, CancellationToken.None);
        TestContext.Out.WriteLine($"{r.Verdict}: {r.Reason}");
        Assert.That(r.Anticipation, Is.Zero);
        Assert.That(r.Warnings, Has.Some.Contains("did not recover"));
        Assert.That(r.PretrendP, Is.LessThan(0.001));
        Assert.That(r.Status, Is.EqualTo(Verdicts.Insufficient),
            "the drop is as large as any effect the window could show");
    }
}
