using System.CommandLine;
using System.Text.Json;
using Impact.Dashboard.Jobs;

namespace Impact.Jobs.Verbs;

/// <summary><c>impact jobs history [&lt;name&gt;]</c>: every attempt, newest first, with its worker.</summary>
public static class JobsHistoryVerb
{
    public static Command Create()
    {
        var name = new Argument<string?>("name")
        {
            Description = "Only this schedule.", Arity = ArgumentArity.ZeroOrOne,
        };
        var limit = new Option<int>("--limit") { Description = "How many attempts to show.",
            DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("history", "Show job attempts, newest first: when, rows read/stored/rejected, " +
            "duration, outcome and which worker.") { name, limit, json };
        command.SetVerbAction(async (parse, ct) =>
        {
            var store = await JobsVerb.StoreAsync(parse, ct);
            var runs = await new JobRuns(store.Warehouse).RecentAsync(parse.GetValue(name),
                Math.Max(1, parse.GetValue(limit)), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(runs, JobsVerb.JsonOptions));
                return 0;
            }
            if (runs.Count == 0)
            {
                Console.WriteLine("No job has run yet.");
                return 0;
            }
            Console.WriteLine($"{"started (UTC)",-24} {"schedule",-18} {"step",-8} {"outcome",-11} {"read",9} " +
                $"{"stored",9} {"rejected",9} {"took",8}  worker, job/attempt");
            foreach (var r in runs)
            {
                var took = r.Duration is { } d ? $"{d.TotalSeconds:0.0} s" : "…";
                Console.WriteLine($"{r.StartedAt,-24} {r.ScheduleName,-18} {r.Step,-8} {r.Outcome,-11} " +
                    $"{r.RowsRead,9:N0} {r.RowsStored,9:N0} {r.RowsRejected,9:N0} {took,8}  {r.Worker}, " +
                    $"{r.JobNumber ?? "—"}/{r.Attempt}");
                if (r.Message is not null) Console.WriteLine($"  {r.Message}");
            }
            return 0;
        });
        return command;
    }
}
