using System.Globalization;
using Impact.Models.Estimation;
using Impact.Models.Simulation;

namespace Impact.Bench;

/// <summary>
/// `calibration`: the calibration table of src/Models/README.md. Every world (individual or team assignment,
/// with or without team × month shocks) × the rollout's pairs (a true effect on handle time, none on csat)
/// and the high performers' useless masterclass, over `--organisations N` (default 100) seeded organisations
/// of `--employees E` (default 800). Prints coverage of the planted effect, pre-trend blocks and rejections,
/// placebo rejections and the standard error beside the spread of the estimates. Not a speed case: the
/// figures are counts, and the time it took is printed for the record.
/// </summary>
public static class CalibrationBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var organisations = 100;
        var employees = 800;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--organisations") organisations = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--employees") employees = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        (string, string)[] pairs =
        [
            (OrganisationSimulator.Rollout, "handle_time"), (OrganisationSimulator.Rollout, "csat"),
            (OrganisationSimulator.Masterclass, "csat"),
        ];
        var options = new EstimateOptions { Insights = false };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Console.WriteLine($"calibration: {organisations} organisations of {employees} employees per world, " +
                          "seeds 1000+, default options");
        Console.WriteLine("| world | pair | truth | covered | pre-trend blocked | pre-trend p<0.05 | " +
                          "placebo p<0.05 | mean SE / SD of estimates | clusters |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var world in CalibrationWorld.All)
            foreach (var c in Calibration.Run(
                         world, pairs, organisations, employees, 1000, options, CancellationToken.None))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {world.Name} | {c.InterventionId} × {c.MetricId} | {c.Truth:0.##} | " +
                    $"{c.Covered}/{c.Estimated} | {c.BlockedByPretrend} | {c.PretrendRejected} | " +
                    $"{c.PlaceboRejected}/{c.PlaceboTested} | " +
                    $"{c.MeanStdError:0.###} / {c.SpreadOfEstimates:0.###} | {c.MeanClusters:0} |"));
        Console.WriteLine($"took {watch.Elapsed.TotalMinutes:0.0} min on {Environment.ProcessorCount} cores");
        return Task.FromResult(0);
    }
}
