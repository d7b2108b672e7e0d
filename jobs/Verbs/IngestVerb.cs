using System.CommandLine;
using Impact.Ingest;
using Impact.Ingest.Pipeline;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;

namespace Impact.Jobs.Verbs;

/// <summary>
/// <c>impact ingest &lt;source&gt; &lt;path&gt;</c>: load one file (or system) into the warehouse.
/// Exit 0 all rows stored, 2 some rows rejected, 1 nothing stored, 3 stopped part-way with committed batches
/// kept, 130/143 stopped by SIGINT/SIGTERM (see <see cref="ExitCodes"/>).
/// </summary>
public static class IngestVerb
{
    static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Validate and report exactly as a real run would, then store nothing.",
        Recursive = true,
    };

    static readonly Option<string?> Profile = new("--profile")
    {
        Description =
            "Column profile for a non-canonical export: a shipped name (moodle, successfactors, glint) or a path to " +
            "a profile JSON file.",
        Recursive = true,
    };

    static readonly Option<string?> DateFormat = new("--date-format")
    {
        Description = "A local date format accepted beside ISO dates, e.g. dd.MM.yyyy or MM/dd/yyyy.",
        Recursive = true,
    };

    static readonly Option<bool> KeepComments = new("--keep-comments")
    {
        Description = "Survey: store comment text too (off by default, as free text often identifies people).",
        Recursive = true,
    };

    public static Command Create()
    {
        var command = new Command("ingest",
            "Load a source file or system into the warehouse: validated, quarantined, idempotent.");
        command.Options.Add(DryRun);
        command.Options.Add(Profile);
        command.Options.Add(DateFormat);
        command.Options.Add(KeepComments);
        foreach (var source in IngestSources.All)
            command.Subcommands.Add(source.Name == "xapi" ? IngestXapiVerb.Create(source) : SourceCommand(source));
        command.Subcommands.Add(IngestFolderVerb.Create());
        command.Subcommands.Add(IngestHistoryVerb.Create());
        return command;
    }

    static Command SourceCommand(IngestSources.Entry source)
    {
        var path = source.CanonicalFile.Length > 0
            ? new Argument<string>("path") { Description =
                $"The file to load (canonical name: {source.CanonicalFile})." }
            : new Argument<string>("name") { Description = "The configured source's name." };
        var command = new Command(source.Name, source.Description) { path };
        command.SetVerbAction(async (parse, ct) =>
        {
            var summary = await source.Run(parse.Warehouse(), parse.GetValue(path)!, Options(parse), ct);
            return Report(summary);
        });
        return command;
    }

    /// <summary>This run's options: the deployment's settings from the environment, and the flags.</summary>
    public static IngestOptions Options(ParseResult parse) => IngestServices.Bind(Settings.Environment) with
    {
        DryRun = parse.GetValue(DryRun),
        Profile = parse.GetValue(Profile),
        DateFormat = parse.GetValue(DateFormat),
        KeepComments = parse.GetValue(KeepComments),
        Progress = IngestProgressPrinter.Create(),
    };

    /// <summary>
    /// Prints the summary (stdout when the run ended as planned, stderr when it failed or was stopped) and
    /// returns its exit code (<see cref="ExitCodes"/>).
    /// </summary>
    public static int Report(IngestSummary summary)
    {
        IngestProgressPrinter.Clear();
        var planned = summary.Outcome is IngestOutcome.Succeeded or IngestOutcome.Partial;
        (planned ? Console.Out : Console.Error).WriteLine(summary.Describe());
        return summary.ExitCode;
    }
}
