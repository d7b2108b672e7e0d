using System.Diagnostics;
using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Estimation;

[Explicit]
public sealed class ScratchProbe
{
    [Test]
    public void Probe()
    {
        var fast = new EstimateOptions { Trees = 40, Leaves = 6, Folds = 3, Insights = false };
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var sim = new OrganisationSimulator(new SimulationOptions { Employees = 800, Seed = seed }).Run();
            foreach (var (iv, metric) in new[] { (OrganisationSimulator.Rollout, "handle_time"), (OrganisationSimulator.Rollout, "csat"), (OrganisationSimulator.Masterclass, "csat") })
            {
                var panel = PanelBuilder.Build(sim.Organisation, sim.Organisation.Metrics.Single(m => m.Id == metric));
                var w = Stopwatch.StartNew();
                var r = PairEstimator.Estimate(panel, iv, fast, CancellationToken.None);
                TestContext.Out.WriteLine($"{seed} {iv}×{metric}: {w.ElapsedMilliseconds} ms {r.Verdict} {r.Estimate:0.###} se {r.StdError:0.###} [{r.CiLow:0.###},{r.CiHigh:0.###}] " +
                    $"{r.ClusterLevel} G={r.Clusters} pre p {r.PretrendP:0.###} D {r.LargestPreDeviation:0.###} placebo {r.PlaceboP:0.###} did {r.DidEstimate:0.###} | {r.ClusterReason}");
            }
        }
    }
}
