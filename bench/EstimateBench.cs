using System.Globalization;
using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Runs;
using Impact.Models.Simulation;

namespace Impact.Bench;

/// <summary>
/// `estimate`: all 5 interventions × 3 employee-level metrics of a simulated organisation (24 monthly
/// periods), 5-fold cross-fitting, every diagnostic. Sizes default to 10k, 30k and 100k employees to
/// show growth; `--employees N` runs one size, `--repeats R` (default 3) sets how many runs the median
/// is of, `--no-insights` leaves out heterogeneity and the high-performer classifier. The organisation
/// is built before timing (it stands for the warehouse read, which is the reader's cost, not the
/// estimators'); peak memory includes it. Baseline in the same run: building the same panels and
/// stacks and a plain DiD per pair — the data handling any estimator needs — so the ratio is what the
/// cross-fitted learners and the diagnostics cost on top.
/// </summary>
public static class EstimateBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = new List<int>();
        var insights = true;
        var repeats = 3;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--employees"
                && i + 1 < args.Length) sizes.Add(int.Parse(args[++i], CultureInfo.InvariantCulture));
            else if (args[i] == "--repeats" && i + 1 < args.Length) repeats = int.Parse(args[++i],
                CultureInfo.InvariantCulture);
            else if (args[i] == "--no-insights") insights = false;
        }
        if (sizes.Count == 0) sizes.AddRange([10_000, 30_000, 100_000]);
        var options = new EstimateOptions { Insights = insights };
        Console.WriteLine($"estimate: 5 interventions × 3 metrics, 24 monthly periods, {options.Folds}-fold " +
            "cross-fitting, " +
                          $"insights {(insights ? "on" : "off")}, median of {repeats}, on " +
                          $"{Environment.ProcessorCount} cores");
        // Not timed: compiles the code paths and loads ML.NET's native libraries, which the first size
        // would otherwise pay for and make growth look flatter than it is.
        OrganisationEstimator.EstimateAll(Employees(2_000), options, null, null, CancellationToken.None);
        foreach (var n in sizes)
        {
            var org = Employees(n);
            List<PairResult>? results = null;
            var samples = await Measure.RepeatAsync(repeats, () => Task.CompletedTask, () =>
            {
                results = OrganisationEstimator.EstimateAll(org, options, null, null, CancellationToken.None);
                return Task.CompletedTask;
            });
            var baseline = await Measure.RepeatAsync(repeats, () => Task.CompletedTask, () =>
            {
                StacksAndDid(org, options);
                return Task.CompletedTask;
            });
            var time = Measure.MedianTime(samples).TotalSeconds;
            var floor = Measure.MedianTime(baseline).TotalSeconds;
            var estimated = results!.Count(r => r.Status == PairStatus.Estimated);
            Console.WriteLine($"{n,8:N0} employees: {time,6:0.0} s, peak working set " +
                $"{Measure.MedianPeak(samples) / 1024.0 / 1024:N0} MB, " +
                              $"{results!.Count} pairs ({estimated} estimated), GC pauses " +
                              $"{Measure.MedianGcPause(samples).TotalSeconds:0.0} s " +
                              $"in {Measure.MedianFullCollections(samples)} full collections; " +
                              $"baseline (stacks + plain DiD) {floor:0.0} s, {time / floor:0.0}× the baseline");
        }
        return 0;
    }

    static void StacksAndDid(Organisation org, EstimateOptions options)
    {
        foreach (var metric in org.Metrics)
        {
            var panel = PanelBuilder.Build(org, metric);
            foreach (var intervention in org.Interventions)
            {
                var stack = StackBuilder.Build(panel, intervention.Id, options.Pre, options.Post, 0, options);
                if (stack.Rows > 0) Att.Estimate(stack, stack.Delta, _ => 1);
            }
        }
    }

    /// <summary>A simulated organisation with its three employee-level metrics; the team-level one is a few dozen units
    /// and not the load.</summary>
    static Organisation Employees(int n)
    {
        var sim = new OrganisationSimulator(new SimulationOptions { Employees = n, Months = 24, Seed = 1 })
            .Run().Organisation;
        return sim with { Metrics = sim.Metrics.Where(m =>
            m.Level == Impact.Models.Outcomes.MetricLevel.Employee).ToList() };
    }
}
