using Impact.Models.Estimation;
using Impact.Models.Panels;

namespace Impact.Models.Simulation;

/// <summary>
/// One simulated world to calibrate in: how the rollout is assigned, and how large teams' shared months are.
/// </summary>
public sealed record CalibrationWorld(string Name, RolloutAssignment Rollout, double TeamShock)
{
    public static readonly IReadOnlyList<CalibrationWorld> All =
    [
        new("individual assignment, no shocks", RolloutAssignment.Individual, 0),
        new("individual assignment, team shocks", RolloutAssignment.Individual, 0.5),
        new("team assignment, no shocks", RolloutAssignment.Team, 0),
        new("team assignment, team shocks", RolloutAssignment.Team, 0.5),
    ];
}

/// <summary>What one pair did over many simulated organisations of one world.</summary>
public sealed record PairCalibration(
    CalibrationWorld World, string InterventionId, string MetricId, double Truth, int Organisations)
{
    public int Estimated { get; init; }
    /// <summary>Organisations whose 95% interval contains the planted effect.</summary>
    public int Covered { get; init; }
    /// <summary>Organisations where a clear and large pre-trend blocked the pair.</summary>
    public int BlockedByPretrend { get; init; }
    public int PretrendRejected { get; init; }
    public int PlaceboRejected { get; init; }
    public int PlaceboTested { get; init; }
    public double MeanEstimate { get; init; }
    /// <summary>Standard deviation of the estimates across organisations: what the standard error should be.</summary>
    public double SpreadOfEstimates { get; init; }
    public double MeanStdError { get; init; }
    public double MeanClusters { get; init; }
}

/// <summary>
/// Calibration: the same pairs estimated in many seeded organisations of a world, counting how often the
/// 95% interval covers the planted effect, how often the pre-trend check blocks or rejects, and how often
/// the placebo rejects (its null — no effect before completion — holds in every simulated pair counted).
/// Organisations run side by side; each is seeded, so the counts do not depend on the order.
/// </summary>
public static class Calibration
{
    public static List<PairCalibration> Run(
        CalibrationWorld world, IReadOnlyList<(string Intervention, string Metric)> pairs,
        int organisations, int employees, int firstSeed, EstimateOptions options, CancellationToken ct)
    {
        var results = new PairResult?[organisations, pairs.Count];
        var truths = new double[pairs.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct,
        };
        Parallel.For(0, organisations, parallel, o =>
        {
            var sim = new OrganisationSimulator(new SimulationOptions
            {
                Employees = employees, Seed = firstSeed + o, Rollout = world.Rollout, TeamShock = world.TeamShock,
            }).Run();
            for (var p = 0; p < pairs.Count; p++)
            {
                var (intervention, metric) = pairs[p];
                truths[p] = sim.Truth.Single(t => t.InterventionId == intervention && t.MetricId == metric).TrueEffect;
                var panel = PanelBuilder.Build(sim.Organisation, sim.Organisation.Metrics.Single(m => m.Id == metric));
                results[o, p] = PairEstimator.Estimate(panel, intervention, options, ct);
            }
        });
        return pairs.Select((pair, p) => Summarise(world, pair, truths[p],
            Enumerable.Range(0, organisations).Select(o => results[o, p]!).ToList())).ToList();
    }

    static PairCalibration Summarise(
        CalibrationWorld world, (string Intervention, string Metric) pair, double truth, List<PairResult> runs)
    {
        var estimated = runs.Where(r => r.Estimate is not null).ToList();
        var estimates = estimated.Select(r => r.Estimate!.Value).ToList();
        var mean = estimates.DefaultIfEmpty(double.NaN).Average();
        return new PairCalibration(world, pair.Intervention, pair.Metric, truth, runs.Count)
        {
            Estimated = estimated.Count,
            Covered = estimated.Count(r => r.CiLow <= truth && truth <= r.CiHigh),
            BlockedByPretrend = runs.Count(r => r.Status == Verdicts.Insufficient
                                                && r.Reason.Contains("pre-trend p", StringComparison.Ordinal)),
            PretrendRejected = runs.Count(r => r.PretrendP < 0.05),
            PlaceboRejected = runs.Count(r => r.PlaceboP < 0.05),
            PlaceboTested = runs.Count(r => r.PlaceboP is not null),
            MeanEstimate = mean,
            SpreadOfEstimates = estimates.Count > 1
                ? Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (estimates.Count - 1))
                : double.NaN,
            MeanStdError = estimated.Select(r => r.StdError ?? double.NaN).DefaultIfEmpty(double.NaN).Average(),
            MeanClusters = estimated.Select(r => (double)(r.Clusters ?? 0)).DefaultIfEmpty(0).Average(),
        };
    }
}
