using System.CommandLine;
using Impact.Models.Simulation;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary><c>impact sample</c>: write a simulated organisation with known effects as canonical ingest
/// files.</summary>
public static class SampleVerb
{
    static readonly SimulationOptions Defaults = new();

    static readonly Option<string> Output = new("--out")
    {
        Description = "Folder to write employees.csv, interventions.csv, metrics.json, completions.csv, kpi.csv, " +
                      "survey.csv and truth.json into.",
        Required = true,
    };

    static readonly Option<int> Employees = new("--employees")
    {
        Description = "Number of employees.", DefaultValueFactory = _ => Defaults.Employees,
    };

    static readonly Option<int> Months = new("--months")
    {
        Description = "Monthly KPI periods.", DefaultValueFactory = _ => Defaults.Months,
    };

    static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed: the same seed writes the same files.", DefaultValueFactory = _ => Defaults.Seed,
    };

    static readonly Option<double> TeamShock = new("--team-shock")
    {
        Description = "SD of a month shared by a team, as a multiple of a person's monthly noise (0: none).",
        DefaultValueFactory = _ => Defaults.TeamShock,
    };

    static readonly Option<string> Rollout = new Option<string>("--rollout")
    {
        Description = "How the quality rollout reaches people: team (whole teams at once) or person.",
        DefaultValueFactory = _ => "team",
    }.AcceptOnlyFromAmong("team", "person");

    public static Command Create()
    {
        var command = new Command("sample",
            "Write a simulated organisation with known, planted effects in the canonical ingest formats " +
            "(see data-samples/README.md).")
        {
            Output, Employees, Months, Seed, TeamShock, Rollout,
        };
        command.SetVerbAction(async (parse, ct) =>
        {
            var options = Options(parse);
            var folder = parse.GetValue(Output)!;
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

    static SimulationOptions Options(ParseResult parse)
    {
        var options = Defaults with
        {
            Employees = parse.GetValue(Employees), Months = parse.GetValue(Months), Seed = parse.GetValue(Seed),
            TeamShock = parse.GetValue(TeamShock),
            Rollout = parse.GetValue(Rollout) == "person" ? RolloutAssignment.Individual : RolloutAssignment.Team,
        };
        if (!(options.TeamShock >= 0))
            throw new ImpactException($"--team-shock cannot be negative (got {options.TeamShock}).");
        if (options.Employees < 10)
            throw new ImpactException($"--employees must be at least 10 (got {options.Employees}).");
        if (options.Months < 12)
            throw new ImpactException("--months must be at least 12, so every planted story has a before " +
                                      $"and an after (got {options.Months}).");
        return options;
    }
}
