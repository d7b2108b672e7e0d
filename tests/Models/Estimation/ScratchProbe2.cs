using System.Diagnostics;
using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Estimation;

[Explicit]
public sealed class ScratchProbe2
{
    [Test]
    public void Stages()
    {
        var fast = new EstimateOptions { Trees = 40, Leaves = 6, Folds = 3, Insights = false };
        var sim = new OrganisationSimulator(new SimulationOptions { Employees = 800, Seed = 1 }).Run();
        var panel = PanelBuilder.Build(sim.Organisation, sim.Organisation.Metrics.Single(m => m.Id == "csat"));
        for (var rep = 0; rep < 2; rep++)
        {
            var w = Stopwatch.StartNew();
            var stack = StackBuilder.Build(panel, OrganisationSimulator.Masterclass, 6, 3, 0, fast);
            TestContext.Out.WriteLine($"build {w.ElapsedMilliseconds} ms rows {stack.Rows} features {stack.FeatureCount}"); w.Restart();
            var n = Nuisance.Fit(stack, fast, CancellationToken.None);
            TestContext.Out.WriteLine($"nuisance {w.ElapsedMilliseconds} ms"); w.Restart();
            var fit = HeadlineFit.Of(stack, fast, CancellationToken.None);
            TestContext.Out.WriteLine($"headline (incl nuisance) {w.ElapsedMilliseconds} ms"); w.Restart();
            var ev = EventStudy.Estimate(stack, fit.Weight, HeadlineFit.Kept(stack, fit.Propensity, fast), fast);
            TestContext.Out.WriteLine($"event study {w.ElapsedMilliseconds} ms points {ev.Count}"); w.Restart();
            var checks = PairChecks.Of(panel, stack, fit, 0, fast, CancellationToken.None);
            TestContext.Out.WriteLine($"checks {w.ElapsedMilliseconds} ms"); w.Restart();
        }
    }
}
