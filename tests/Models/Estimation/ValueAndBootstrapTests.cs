using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Estimation;

/// <summary>The executives' figures (benefit, ROI) and the bootstrap standard error.</summary>
public sealed class ValueAndBootstrapTests
{
    static readonly EstimateOptions Fast = new() { Trees = 40, Leaves = 6, Folds = 3, Insights = false };
    static readonly OrganisationSimulator.Result Sim =
        new OrganisationSimulator(new SimulationOptions { Employees = 800, Seed = 2 }).Run();

    static Impact.Models.Outcomes.PerformanceMetric Metric(string id) =>
        Sim.Organisation.Metrics.Single(m => m.Id == id);

    [Test]
    public void Benefit_is_effect_times_value_per_unit_times_post_periods_and_direction_aware()
    {
        var handleTime = Metric("handle_time"); // lower is better, 30 EUR per minute
        Assert.That(handleTime.ValuePerUnit, Is.EqualTo(30));
        var course = new InterventionRow("x", "X", "training", 100, "EUR");

        // Handle time down by 0.5 minutes for 3 periods: worth 0.5 × 30 × 3 = 45 EUR; ROI (45 − 100) / 100.
        var (benefit, low, high, roi) = Value.Of(handleTime, course, -0.5, -0.8, -0.2, 3);
        Assert.That(benefit, Is.EqualTo(45).Within(1e-9));
        Assert.That(low, Is.EqualTo(0.2 * 30 * 3).Within(1e-9));
        Assert.That(high, Is.EqualTo(0.8 * 30 * 3).Within(1e-9));
        Assert.That(roi, Is.EqualTo(-0.55).Within(1e-9));
    }

    [Test]
    public void No_value_is_invented_without_a_cost_or_a_value_per_unit()
    {
        var noCost = new InterventionRow("x", "X", "training", null, null);
        var (benefit, _, _, roi) = Value.Of(Metric("sales"), noCost, 2, 1, 3, 3);
        Assert.That(benefit, Is.EqualTo(2 * 45 * 3).Within(1e-9), "the benefit needs only the metric's value");
        Assert.That(roi, Is.Null, "no cost, no return on it");

        var errorRate = Metric("error_rate"); // a metric without value_per_unit
        Assert.That(errorRate.ValuePerUnit, Is.Null);
        var none = Value.Of(errorRate, new InterventionRow("x", "X", "practice", 300, "EUR"), -0.8, -1, -0.6, 3);
        Assert.That(none, Is.EqualTo(((double?)null, (double?)null, (double?)null, (double?)null)));
    }

    [Test]
    public void A_stored_pair_carries_benefit_and_roi_from_the_causal_estimate()
    {
        var panel = PanelBuilder.Build(Sim.Organisation, Sim.Organisation.Metrics.Single(m => m.Id == "sales"));
        var r = PairEstimator.Estimate(panel, OrganisationSimulator.Coaching, Fast, CancellationToken.None);
        var cost = Sim.Organisation.Interventions.Single(i =>
            i.Id == OrganisationSimulator.Coaching).CostPerParticipant!.Value;

        Assert.That(r.Status, Is.EqualTo("estimated"), r.Reason);
        Assert.That(r.BenefitPerParticipant, Is.EqualTo(r.Estimate!.Value * 45 * r.PostPeriods!.Value).Within(1e-6));
        Assert.That(r.Roi, Is.EqualTo((r.BenefitPerParticipant!.Value - cost) / cost).Within(1e-9));
        Assert.That(r.NaiveDifference, Is.Not.EqualTo(r.Estimate),
            "value comes from the causal estimate, not the naive gap");
    }

    [Test]
    public void The_bootstrap_standard_error_agrees_with_the_influence_function_one()
    {
        var panel = PanelBuilder.Build(Sim.Organisation, Sim.Organisation.Metrics.Single(m => m.Id == "csat"));
        var plain = PairEstimator.Estimate(panel, OrganisationSimulator.Mentoring, Fast, CancellationToken.None);
        var booted = PairEstimator.Estimate(panel, OrganisationSimulator.Mentoring, Fast with { Bootstrap = 400 },
            CancellationToken.None);

        Assert.That(booted.Estimate, Is.EqualTo(plain.Estimate).Within(1e-9),
            "the bootstrap changes the interval, not the estimate");
        Assert.That(booted.StdError!.Value, Is.EqualTo(plain.StdError!.Value).Within(0.25 * plain.StdError.Value));
        Assert.That(booted.StdError.Value, Is.Not.EqualTo(plain.StdError.Value));
    }

    [TestCase(-0.0001, 2, "0")]
    [TestCase(-1.2345, 2, "-1.23")]
    [TestCase(0.5, 3, "0.5")]
    [TestCase(1794.4, 0, "1794")]
    public void Figures_in_sentences_round_and_never_read_minus_zero(double value, int decimals, string expected) =>
        Assert.That(Verdicts.Figure(value, decimals), Is.EqualTo(expected));
}
