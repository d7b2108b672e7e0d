using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Estimation;

/// <summary>Simulated organisations with planted effects (fixed seeds): the estimates must find them, and the verdicts
/// must be right.</summary>
public sealed class KnownEffectsTests
{
    static readonly EstimateOptions Fast = new() { Trees = 40, Leaves = 6, Folds = 3, Insights = false };

    static (Panel Panel, OrganisationSimulator.Result Sim) World(int seed, string metric, int employees = 800)
    {
        var sim = new OrganisationSimulator(new SimulationOptions { Employees = employees, Seed = seed }).Run();
        return (PanelBuilder.Build(sim.Organisation, sim.Organisation.Metrics.Single(m => m.Id == metric)), sim);
    }

    static double TrueEffect(OrganisationSimulator.Result sim, string intervention, string metric) =>
        sim.Truth.Single(t => t.InterventionId == intervention && t.MetricId == metric).TrueEffect;

    static void Print(PairResult r) => TestContext.Out.WriteLine(
        $"{r.InterventionId} × {r.MetricId}: {r.Verdict} {r.Estimate:0.###} [{r.CiLow:0.###}, {r.CiHigh:0.###}] " +
        $"naive {r.NaiveDifference:0.###} DiD {r.DidEstimate:0.###} " +
        $"lagged {r.LaggedOutcomeEstimate:0.###} anticipation {r.Anticipation} pretrend p {r.PretrendP:0.###} " +
        $"placebo p {r.PlaceboP:0.###}");

    [TestCase(1), TestCase(2), TestCase(3)]
    public void
        High_performers_self_selecting_into_a_useless_course_show_a_large_naive_gap_but_no_meaningful_effect(int seed)
    {
        var (panel, _) = World(seed, "sales");
        var r = PairEstimator.Estimate(panel, OrganisationSimulator.Masterclass, Fast, CancellationToken.None);
        Print(r);
        Assert.That(r.NaiveDifference, Is.GreaterThan(2), "completers look far better than everyone else");
        Assert.That(r.CiLow, Is.LessThanOrEqualTo(0));
        Assert.That(r.CiHigh, Is.GreaterThanOrEqualTo(0));
        Assert.That(r.Verdict, Is.EqualTo(Verdicts.NoMeaningfulEffect),
            "the interval lies inside ±1 sale, the owner's smallest meaningful change");
        Assert.That(r.Warnings, Has.None.StartsWith("Fragile"),
            "an interval that includes zero has no effect to erase");
        Assert.That(r.Warnings, Has.None.Contains("-0 "), "no negative zero in a sentence");
    }

    [TestCase(1), TestCase(2), TestCase(3)]
    public void
        Coaching_after_a_sales_dip_is_estimated_from_a_baseline_before_the_dip_and_recovers_the_planted_effect(int seed)
    {
        var (panel, sim) = World(seed, "sales");
        var r = PairEstimator.Estimate(panel, OrganisationSimulator.Coaching, Fast, CancellationToken.None);
        Print(r);
        Assert.That(r.Anticipation, Is.GreaterThanOrEqualTo(2), "the two dipped months are left out of the baseline");
        Assert.That(r.Warnings, Has.Some.Contains("Ashenfelter dip"));
        Assert.That(TrueEffect(sim, OrganisationSimulator.Coaching, "sales"), Is.InRange(r.CiLow!.Value,
            r.CiHigh!.Value));
        Assert.That(r.Verdict, Is.EqualTo("improved"));
    }

    [Test]
    public void A_lagged_outcome_regression_on_the_dipped_baseline_overstates_a_true_six_by_about_a_third()
    {
        var (panel, _) = World(4, "sales", employees: 1500);
        var dipped = StackBuilder.Build(panel, OrganisationSimulator.Coaching, 6, 3, anticipation: 0, Fast);
        var lagged = Diagnostics.LaggedOutcome(dipped, _ => true)!.Value;
        var did = Att.Estimate(dipped, dipped.Delta, _ => 1).Value;
        TestContext.Out.WriteLine($"dipped baseline: lagged-outcome regression {lagged:0.##}, DiD {did:0.##}; truth 6");
        var events = EventStudy.Estimate(dipped, _ => 1, _ => true, Fast, outcomeModel: false);
        foreach (var (k, e) in events) TestContext.Out.WriteLine($"  {k}: {e.Value:0.##} ± {1.96 * e.StdError:0.##}");
        Assert.That(DipProbe.Detect(events, dipped, panel.Metric).Periods, Is.EqualTo(2), "the two planted dip months");
        Assert.That(lagged / 6, Is.InRange(1.2, 1.5));
        Assert.That(did, Is.GreaterThan(7), "a DiD whose baseline includes the dip overstates too");
    }

    [Test]
    public void The_lagged_outcome_regression_equals_least_squares_with_a_dummy_per_cohort()
    {
        // The estimator demeans within cohort instead of building the design matrix; the dense
        // least-squares fit of post on treatment, baseline and cohort dummies must give the same number.
        var (panel, _) = World(5, "sales", employees: 600);
        var stack = StackBuilder.Build(panel, OrganisationSimulator.Coaching, 6, 3, anticipation: 0, Fast);
        var x = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(stack.Rows, stack.Cohorts.Count + 2);
        var y = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(stack.Rows);
        for (var i = 0; i < stack.Rows; i++)
        {
            x[i, 0] = stack.Treated[i] ? 1 : 0;
            x[i, 1] = stack.PreMean[i];
            x[i, 2 + stack.CohortOf[i]] = 1;
            y[i] = stack.PostMean[i];
        }
        var dense = x.QR().Solve(y)[0];

        Assert.That(stack.Cohorts, Has.Count.GreaterThan(3), "several cohorts, so the dummies matter");
        Assert.That(Diagnostics.LaggedOutcome(stack, _ => true),
            Is.EqualTo(dense).Within(1e-9 * Math.Max(1, Math.Abs(dense))));
    }

    [TestCase(1), TestCase(2)]
    public void A_mandatory_course_almost_everyone_completes_is_insufficient_data_for_lack_of_comparisons(int seed)
    {
        var (panel, _) = World(seed, "csat");
        var r = PairEstimator.Estimate(panel, OrganisationSimulator.Compliance, Fast, CancellationToken.None);
        Assert.That(r.Status, Is.EqualTo("insufficient_data"));
        Assert.That(r.Reason, Does.StartWith("Too few comparisons"));
        Assert.That(r.CompletionRate, Is.GreaterThan(0.9));
    }

    [TestCase(1), TestCase(2), TestCase(3)]
    public void
        A_staggered_team_rollout_lowering_a_lower_is_better_metric_is_an_improvement_within_the_interval(int seed)
    {
        var (panel, sim) = World(seed, "handle_time");
        var r = PairEstimator.Estimate(panel, OrganisationSimulator.Rollout, Fast, CancellationToken.None);
        Print(r);
        Assert.That(TrueEffect(sim, OrganisationSimulator.Rollout, "handle_time"), Is.InRange(r.CiLow!.Value,
            r.CiHigh!.Value));
        Assert.That(r.Estimate, Is.Negative);
        Assert.That(r.Verdict, Is.EqualTo("improved"), "lower handle time is better");
        Assert.That(r.BenefitPerParticipant, Is.Positive, "a fall in a lower-is-better metric is a benefit");
    }

    [Test]
    public void A_team_level_metric_is_estimated_on_teams_treated_when_half_the_team_has_finished()
    {
        var (panel, sim) = World(7, "error_rate", employees: 2000);
        var r = PairEstimator.Estimate(panel, OrganisationSimulator.Rollout, Fast, CancellationToken.None);
        Print(r);
        var teams = sim.Organisation.Kpis.Where(k => k.MetricId == "error_rate").Select(k => k.SubjectId).Distinct();
        Assert.That(panel.UnitIds, Has.Length.EqualTo(teams.Count()).And.All.StartsWith("T"), "one unit per team");
        Assert.That(TrueEffect(sim, OrganisationSimulator.Rollout, "error_rate"),
            Is.InRange(r.CiLow!.Value, r.CiHigh!.Value));
        Assert.That(r.Verdict, Is.EqualTo("improved"));
        Assert.That(r.BenefitPerParticipant, Is.Null,
            "no value per unit was given for this metric, so none is invented");

        // Few people opt into the masterclass, so no team is half through it: the reason says it in team terms.
        var none = PairEstimator.Estimate(panel, OrganisationSimulator.Masterclass, Fast, CancellationToken.None);
        Assert.That(none.Status, Is.EqualTo("insufficient_data"));
        Assert.That(none.Reason, Does.StartWith("Too few teams to compare").And.Contain("at least half its members"));
        // Nearly everyone takes the mandatory course, so nearly every team is through it: too few comparison teams.
        var mandatory = PairEstimator.Estimate(panel, OrganisationSimulator.Compliance, Fast, CancellationToken.None);
        Assert.That(mandatory.Reason, Does.StartWith("Too few comparisons").And.Contain("team(s) had not (yet)"));
    }

    [TestCase(1), TestCase(2)]
    public void Mentoring_helps_newer_people_more_and_the_heterogeneity_shows_it(int seed)
    {
        var (panel, sim) = World(seed, "csat");
        var r = PairEstimator.Estimate(panel, OrganisationSimulator.Mentoring, Fast with { Insights = true },
            CancellationToken.None);
        Print(r);
        Assert.That(TrueEffect(sim, OrganisationSimulator.Mentoring, "csat"), Is.InRange(r.CiLow!.Value,
            r.CiHigh!.Value));
        var tenure = r.Heterogeneity.Where(h => h.Group == "tenure").ToDictionary(h => h.Label, h => h.Estimate);
        foreach (var (label, value) in tenure) TestContext.Out.WriteLine($"  tenure {label}: {value:0.##}");
        Assert.That(tenure["1-3 years"], Is.GreaterThan(tenure["3-7 years"] + 1.5));
        Assert.That(r.Roi, Is.Not.Null, "csat has a value per unit and mentoring a cost");
    }
}
