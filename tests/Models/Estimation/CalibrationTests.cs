using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Estimation;

/// <summary>
/// Calibration: on pairs with no effect and no pre-trend, over many simulated organisations, the tests
/// must reject about as often as their level says and the 95% intervals must cover zero about 95% of the
/// time. A test that over-rejects would block or warn on honest estimates; an interval that undercovers
/// would call noise an improvement.
/// </summary>
public sealed class CalibrationTests
{
    const int Seeds = 30;
    static readonly EstimateOptions Fast = new() { Trees = 40, Leaves = 6, Folds = 3, Insights = false };

    // Binomial(30, 0.05) reaches 6 or more rejections 1.6% of the time, and Binomial(30, 0.95) covers 25
    // or fewer times 1.6% of the time: beyond these, the test or the interval is miscalibrated.
    const int MaxRejections = 5;
    const int MinCovered = 26;

    [TestCase(OrganisationSimulator.Masterclass, "csat", TestName = "High performers opting into a useless course: calibrated on csat")]
    [TestCase(OrganisationSimulator.Rollout, "csat", TestName = "A team-by-team rollout that does nothing for csat: calibrated")]
    public void Null_pairs_reject_at_about_the_nominal_rate_and_cover_zero(string intervention, string metric)
    {
        int pretrendRejected = 0, placeboRejected = 0, covered = 0, estimated = 0;
        for (var seed = 100; seed < 100 + Seeds; seed++)
        {
            var sim = new OrganisationSimulator(new SimulationOptions { Employees = 800, Seed = seed }).Run();
            Assert.That(sim.Truth.Any(t => t.InterventionId == intervention && t.MetricId == metric && t.TrueEffect != 0), Is.False, "a null pair");
            var panel = PanelBuilder.Build(sim.Organisation, sim.Organisation.Metrics.Single(m => m.Id == metric));
            var r = PairEstimator.Estimate(panel, intervention, Fast, CancellationToken.None);
            if (r.Status != "estimated")
            {
                // A pre-trend bad enough to block the estimate is a rejection too; any other reason is a failure.
                TestContext.Out.WriteLine($"seed {seed}: {r.Reason}");
                Assert.That(r.Reason, Does.Contain("pre-trend p ="), "only a failed pre-trend may stop a null pair");
                pretrendRejected++;
                continue;
            }
            estimated++;
            if (r.PretrendP < 0.05) pretrendRejected++;
            if (r.PlaceboP < 0.05) placeboRejected++;
            if (r.CiLow <= 0 && 0 <= r.CiHigh) covered++;
        }
        TestContext.Out.WriteLine($"{intervention} × {metric}: {estimated} estimated of {Seeds}; pre-trend rejected {pretrendRejected} (blocked ones included), " +
                                  $"placebo rejected {placeboRejected} (at 5%); 95% interval covered 0 in {covered}");

        Assert.That(pretrendRejected, Is.LessThanOrEqualTo(MaxRejections), "pre-trend test over-rejects");
        Assert.That(placeboRejected, Is.LessThanOrEqualTo(MaxRejections), "placebo over-rejects");
        Assert.That(covered, Is.GreaterThanOrEqualTo(MinCovered - (Seeds - estimated)), "95% interval undercovers");
    }
}
