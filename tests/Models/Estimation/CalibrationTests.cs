using Impact.Models.Estimation;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Estimation;

/// <summary>
/// Calibration in four worlds — the rollout assigned person by person or team by team, with or without a
/// team × month shock half the size of a person's monthly noise — over 30 seeded organisations each. In
/// each: a true effect (the rollout lowers handle time by 0.5), a null the rollout shares its timing with
/// (csat), and high performers opting into a useless course (csat). Intervals must cover the truth, the
/// pre-trend check must not block a real effect, and placebos and pre-trend tests must reject at about their
/// level. The bigger sweep behind the README's table is `dotnet run -c Release --project bench -- calibration`.
/// </summary>
[Parallelizable] // pure computation, minutes long: runs beside the slow fault tests that mostly wait
public sealed class CalibrationTests
{
    const int Organisations = 30;
    static readonly EstimateOptions Fast = new() { Trees = 40, Leaves = 6, Folds = 3, Insights = false };

    static readonly (string, string)[] Pairs =
    [
        (OrganisationSimulator.Rollout, "handle_time"), (OrganisationSimulator.Rollout, "csat"),
        (OrganisationSimulator.Masterclass, "csat"),
    ];

    // Bounds on counts out of 90 (three pairs × 30 organisations), each the rate, and each a binomial tail
    // of at most 2% for a procedure that is exactly at its nominal level: 9 or fewer intervals missing the truth
    // (90% coverage; Binomial(90, 0.05) reaches 10 with probability 1.7%), at most 9 placebo or pre-trend
    // rejections at 5% (10%; the same tail). A real effect blocked by the pre-trend check in at most 1 of 30 (5%).
    const int MaxMissed = 9;
    const int MaxRejections = 9;
    const int MaxBlocked = 1;

    static IEnumerable<TestCaseData> Worlds() =>
        CalibrationWorld.All.Select(w => new TestCaseData(w).SetName($"Calibrated with {w.Name}"));

    [TestCaseSource(nameof(Worlds))]
    public void Intervals_cover_the_truth_and_tests_reject_at_their_level(CalibrationWorld world)
    {
        var results = Calibration.Run(world, Pairs, Organisations, 800, 100, Fast, CancellationToken.None);
        foreach (var c in results)
        {
            TestContext.Out.WriteLine(
                $"{c.InterventionId} × {c.MetricId} (truth {c.Truth}): covered {c.Covered}/{c.Estimated}, " +
                $"blocked by pre-trend {c.BlockedByPretrend}, pre-trend p<0.05 {c.PretrendRejected}, placebo p<0.05 " +
                $"{c.PlaceboRejected}/{c.PlaceboTested}; mean SE {c.MeanStdError:0.###} vs SD of estimates " +
                $"{c.SpreadOfEstimates:0.###}; {c.MeanClusters:0} clusters");
            Assert.That(c.Organisations - c.Estimated, Is.EqualTo(c.BlockedByPretrend),
                "only a pre-trend may stop these pairs");
        }
        var effect = results.Single(c => c.Truth != 0);
        Assert.That(effect.BlockedByPretrend, Is.LessThanOrEqualTo(MaxBlocked),
            "the pre-trend check blocks a real effect");
        Assert.That(results.Sum(c => c.Estimated - c.Covered), Is.LessThanOrEqualTo(MaxMissed),
            "95% intervals undercover");
        Assert.That(results.Sum(c => c.PlaceboRejected), Is.LessThanOrEqualTo(MaxRejections),
            "the placebo over-rejects");
        // A placebo that never rejects tests nothing: at 5% over 90 tries, none at all happens 1% of the time.
        Assert.That(results.Sum(c => c.PlaceboRejected), Is.GreaterThanOrEqualTo(1),
            "the placebo never rejects");
        Assert.That(results.Sum(c => c.PretrendRejected), Is.LessThanOrEqualTo(MaxRejections),
            "the pre-trend test over-rejects");
    }

    [Test]
    public void Every_calibrated_pair_is_in_the_simulators_truth_list()
    {
        // The truth a pair is calibrated against must be planted, not assumed: a null pair missing from the
        // list would make any assertion about it vacuous.
        var sim = new OrganisationSimulator(new SimulationOptions { Employees = 200, Seed = 1 }).Run();
        foreach (var (intervention, metric) in Pairs)
            Assert.That(sim.Truth.Count(t => t.InterventionId == intervention && t.MetricId == metric),
                Is.EqualTo(1), $"{intervention} × {metric}");
    }
}
