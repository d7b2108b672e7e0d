using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Runs;

public sealed class OrganisationEstimatorTests
{
    [Test]
    public void Pairs_estimated_side_by_side_give_the_same_results_in_the_same_order_every_time()
    {
        var org = new OrganisationSimulator(new SimulationOptions { Employees = 300, Months = 12, Seed = 4 })
            .Run().Organisation;
        var options = new EstimateOptions { Trees = 20, Leaves = 4, Folds = 3, Insights = true };

        var first = OrganisationEstimator.EstimateAll(org, options, null, null, CancellationToken.None);
        var second = OrganisationEstimator.EstimateAll(org, options, null, null, CancellationToken.None);

        var expectedOrder = org.Metrics.OrderBy(m => m.Id, StringComparer.Ordinal)
            .SelectMany(m =>
                org.Interventions.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => (i.Id, m.Id))).ToList();
        Assert.That(first.Select(r => (r.InterventionId, r.MetricId)), Is.EqualTo(expectedOrder));
        Assert.That(second.Select(r => (r.Estimate, r.CiLow, r.CiHigh, r.Verdict)),
            Is.EqualTo(first.Select(r => (r.Estimate, r.CiLow, r.CiHigh, r.Verdict))));
        Assert.That(second.Select(r => string.Join("|", r.HighPerformers)),
            Is.EqualTo(first.Select(r => string.Join("|", r.HighPerformers))));
    }
}
