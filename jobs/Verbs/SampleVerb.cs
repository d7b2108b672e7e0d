using System.CommandLine;
using Impact.Models.Simulation;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary><c>impact sample</c>: write a simulated organisation with known effects as canonical ingest
/// files.</summary>
public static class SampleVerb
{
    public static Command Create()
    {
        var defaults = new SimulationOptions();
        var output = new Option<string>("--out")
        {
            Description = "Folder to write employees.csv, interventions.csv, metrics.json, completions.csv, kpi.csv, " +
                          "survey.csv and truth.json into.",
            Required = true,
        };
        var employees = new Option<int>("--employees")
        {
            Description = "Number of employees.", DefaultValueFactory = _ => defaults.Employees,
        };
        var months = new Option<int>("--months")
        {
            Description = "Monthly KPI periods.", DefaultValueFactory = _ => defaults.Months,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed: the same seed writes the same files.", DefaultValueFactory = _ => defaults.Seed,
        };
        var shock = new Option<double>("--team-shock")
        {
            Description = "SD of a month shared by a team, as a multiple of a person's monthly noise (0: none).",
            DefaultValueFactory = _ => defaults.TeamShock,
        };
        var rollout = new Option<string>("--rollout")
        {
            Description = "How the quality rollout reaches people: team (whole teams at once) or person.",
            DefaultValueFactory = _ => "team",
        };
        rollout.AcceptOnlyFromAmong("team", "person");
        var command = new Command("sample",
            "Write a simulated organisation with known, planted effects in the canonical ingest formats " +
            "(see data-samples/README.md).")
        {
            output, employees, months, seed, shock, rollout,
        };
        command.SetVerbAction(async (parse, ct) =>
        {
            var options = defaults with
            {
                Employees = parse.GetValue(employees), Months = parse.GetValue(months), Seed = parse.GetValue(seed),
                TeamShock = parse.GetValue(shock),
                Rollout = parse.GetValue(rollout) == "person" ? RolloutAssignment.Individual : RolloutAssignment.Team,
            };
            if (!(options.TeamShock >= 0))
                throw new ImpactException($"--team-shock cannot be negative (got {options.TeamShock}).");
            if (options.Employees < 10)
                throw new ImpactException($"--employees must be at least 10 (got {options.Employees}).");
            if (options.Months < 12)
                throw new ImpactException("--months must be at least 12, so every planted story has a before " +
                                          $"and an after (got {options.Months}).");
            var folder = parse.GetValue(output)!;
            try
            {
                var result = new OrganisationSimulator(options).Run();
                await CanonicalFiles.WriteAsync(result, folder, options, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ImpactException($"Cannot write the sample into {folder}: {e.Message.TrimEnd('.')}.");
            }
            Console.WriteLine($"Wrote a sample organisation of {options.Employees} employees over {options.Months} " +
                $"months (seed {options.Seed}) to {folder}.");
            return 0;
        });
        return command;
    }
}
