using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;

namespace Impact.Ingest.Pipeline;

/// <summary>The result of a folder load: one summary per file, the files it could not load, and the worst exit
/// code.</summary>
public sealed record FolderReport(IReadOnlyList<IngestSummary> Summaries, IReadOnlyList<string> Skipped)
{
    /// <summary>
    /// The worst of the files: cancelled (the load stopped there) over 1 (a file stored nothing) over 3 (a file
    /// stopped part-way) over 2 (rows rejected) over 0.
    /// </summary>
    public int ExitCode => Summaries.Select(s => s.ExitCode).DefaultIfEmpty(ExitCodes.Succeeded)
        .OrderBy(c => c switch
        {
            ExitCodes.Interrupted or ExitCodes.Terminated => 0,
            ExitCodes.NothingStored => 1,
            ExitCodes.StoppedPartWay => 2,
            ExitCodes.SomeRowsRejected => 3,
            _ => 4,
        }).First();
}

/// <summary>
/// Loads a folder of canonical files (employees.csv, interventions.csv, metrics.json, identities.csv,
/// completions.csv, kpi.csv, survey_items.csv, survey.csv, xapi.json) in dependency order, each present file as its
/// own run. The CLI's <c>impact ingest folder</c> and the dashboard's first-start sample load both call this.
/// </summary>
public static class FolderIngest
{
    /// <summary>Dependency order: who exists before what they did, definitions before values.</summary>
    public static readonly string[] Order =
        ["employees.csv", "interventions.csv", "metrics.json", "identities.csv", "completions.csv", "kpi.csv",
            "survey_items.csv", "survey.csv", "xapi.json"];

    public static async Task<FolderReport> RunAsync(Database warehouse, string folder, IngestOptions options,
        CancellationToken ct)
    {
        if (!Directory.Exists(folder)) throw new ImpactException($"The folder {folder} does not exist.");
        var present = Order.Where(f => File.Exists(Path.Combine(folder, f))).ToList();
        if (present.Count == 0)
            throw new ImpactException($"The folder {folder} holds none of the canonical files " +
                $"({string.Join(", ", Order)}).");

        var summaries = new List<IngestSummary>();
        var skipped = new List<string>();
        foreach (var file in present)
        {
            var source = IngestSources.All.FirstOrDefault(e => e.CanonicalFile == file);
            if (source is null)
            {
                skipped.Add($"{file}: this version of Impact has no source for it yet; skipped.");
                continue;
            }
            // A profile is per file type; a folder of canonical files needs none.
            var summary = await source.Run(warehouse, Path.Combine(folder, file),
                options with { Profile = null, RefreshSummaries = false }, ct);
            summaries.Add(summary);
            // A stop request ends the whole load: the files after this one are not started.
            if (summary.Outcome == IngestOutcome.Cancelled) break;
        }
        // Once for the whole folder: employees.csv and kpi.csv would each recompute the sums over every KPI row.
        if (options.RefreshSummaries && summaries.Count > 0)
            await SummaryRefresh.AfterIngestAsync(warehouse, options, ct);
        return new FolderReport(summaries, skipped);
    }
}
