using System.CommandLine;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;

namespace Impact.Jobs.Verbs;

/// <summary><c>impact ingest history [--source S]</c>: recorded runs, newest first, and freshness per source.</summary>
public static class IngestHistoryVerb
{
    public static Command Create()
    {
        var source =
            new Option<string?>("--source") { Description = "Only runs of this source (kpi, completions...)." };
        var limit = new Option<int>("--limit") { Description = "How many runs to show.",
            DefaultValueFactory = _ => 20 };
        var command = new Command("history",
            "Show recorded ingest runs, newest first, and when each source last loaded.") { source, limit };
        command.SetVerbAction(async (parse, ct) =>
        {
            var warehouse = parse.Warehouse();
            await Migrator.RequireCurrentAsync(warehouse, ct);
            var runs = await IngestHistory.RecentAsync(warehouse, parse.GetValue(source),
                Math.Max(1, parse.GetValue(limit)), ct);
            Console.WriteLine("Last loaded per source:");
            var loaded = (await IngestHistory.FreshnessAsync(warehouse, ct)).Select(f =>
                f.LastSuccess).OfType<IngestRunRecord>()
                .ToList();
            if (loaded.Count == 0) Console.WriteLine("  (no source has loaded data yet)");
            foreach (
                var r in loaded) Console.WriteLine($"  {r.Source,-14} {r.EndedAt ?? r.StartedAt}  (run {r.RunId})");
            Console.WriteLine();
            Console.WriteLine($"{"run",6}  {"source",-12} {"started (UTC)",-24} {"outcome",-10} {"read",10} " +
                $"{"stored",10} {"updated",9} {"unchanged",10} {"rejected",9}  file");
            foreach (var r in runs)
                Console.WriteLine($"{r.RunId,6}  {r.Source,-12} {r.StartedAt,-24} " +
                    $"{r.Outcome + (r.DryRun ? "*" : ""),-10} {r.RowsRead,10:N0} {r.RowsStored,10:N0} " +
                    $"{r.RowsUpdated,9:N0} {r.RowsUnchanged,10:N0} {r.RowsRejected,9:N0}  " +
                    $"{Path.GetFileName(r.Location)}");
            if (runs.Any(r => r.DryRun)) Console.WriteLine("* dry run: nothing was stored");
            if (runs.Count == 0) Console.WriteLine("(no runs recorded)");
            return 0;
        });
        return command;
    }
}
