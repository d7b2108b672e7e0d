using System.CommandLine;
using Impact.Ingest.Pipeline;

namespace Impact.Jobs.Verbs;

/// <summary><c>impact ingest folder &lt;dir&gt;</c>: every canonical file in the folder, in dependency order.</summary>
public static class IngestFolderVerb
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "A folder of canonical files: " + string.Join(", ",
            FolderIngest.Order) + "." };
        var command = new Command("folder",
            "Load every canonical file in a folder, in dependency order; exit status is the worst file's.") { dir };
        command.SetVerbAction(async (parse, ct) =>
        {
            var report = await FolderIngest.RunAsync(parse.Warehouse(), parse.GetValue(dir)!,
                IngestVerb.Options(parse), ct);
            foreach (var summary in report.Summaries) IngestVerb.Report(summary);
            foreach (var skipped in report.Skipped) Console.Error.WriteLine(skipped);
            return report.ExitCode;
        });
        return command;
    }
}
