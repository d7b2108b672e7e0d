using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Models.Simulation;

namespace Impact.Tests.Models;

/// <summary>Simulated organisations with planted effects: the estimates must find them, and the verdicts must be right.</summary>
public sealed class KnownEffectsTests
{
    static readonly EstimateOptions Fast = new() { Trees = 40, Leaves = 6, Folds = 3 };

    [Test]
    public void Explore()
    {
        var sim = new OrganisationSimulator(new SimulationOptions { Employees = 1000, Seed = 1 }).Run();
        var results = EstimateRunner.EstimateAll(sim.Organisation, Fast, null, null, CancellationToken.None);
        foreach (var r in results)
            TestContext.Out.WriteLine($"{r.InterventionId,-24} {r.MetricId,-12} {r.Verdict,-20} est={r.Estimate:0.###} [{r.CiLow:0.###},{r.CiHigh:0.###}] naive={r.NaiveDifference:0.###} did={r.DidEstimate:0.###} lag={r.LaggedOutcomeEstimate:0.###} ant={r.Anticipation} pt={r.PretrendP:0.###} pl={r.PlaceboP:0.###} n={r.NTreated}/{r.NControl} | {r.Reason} | {string.Join(" / ", r.Warnings)}");
        foreach (var t in sim.Truth) TestContext.Out.WriteLine(t);
    }
}
