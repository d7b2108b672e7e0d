using System.Globalization;
using CsvHelper;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// A watched folder: each new file is ingested once, by the source its name starts with (kpi-march.csv is a
/// kpi file), in dependency order, then moved to <c>processed/</c> or <c>failed/</c>, with
/// <c>&lt;file&gt;.rejects.csv</c> (line, field, reason) beside it when rows were refused or the file failed.
/// A file still being written (changed within <see cref="StableAfter"/>) waits for the next run.
/// </summary>
public sealed class DropFolder(TimeProvider clock)
{
    public const string Processed = "processed";
    public const string FailedFolder = "failed";

    /// <summary>How long a file must stay unchanged before it counts as complete.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(5);

    public async Task<FeedResult> RunAsync(Database warehouse, Schedule schedule, IngestOptions options,
        CancellationToken ct)
    {
        var summaries = new List<IngestSummary>();
        var failedFiles = new List<string>();
        var ready = ReadyFiles(schedule.Location);
        if (ready.Count == 0) return new FeedResult(JobOutcome.Succeeded, JobCounts.None, null, false) { Idle = true };
        foreach (var (file, source) in ready)
        {
            if (source is null)
            {
                failedFiles.Add(Path.GetFileName(file));
                await MoveAsync(file, FailedFolder, [], "No source matches this file name: start it with one of " +
                    string.Join(", ", IngestSources.All.Where(s => s.CanonicalFile.Length > 0).Select(s => s.Name)) +
                    " (e.g. kpi-2026-03.csv).");
                continue;
            }
            var summary = await source.Run(warehouse, file, options with { Profile = schedule.Profile }, ct);
            if (summary.Outcome == IngestOutcome.Cancelled) { summaries.Add(summary); break; }
            var single = await FeedIngest.SumAsync(warehouse, [summary]);
            if (single.MayRetry) { summaries.Add(summary); break; } // left in place for the retry
            summaries.Add(summary);
            var failed = summary.Outcome == IngestOutcome.Failed;
            if (failed) failedFiles.Add(Path.GetFileName(file));
            var rejections = await RejectionsAsync(warehouse, summary.RunId, ct);
            await MoveAsync(file, failed ? FailedFolder : Processed, rejections, failed ? summary.Message : null);
        }
        var result = await FeedIngest.SumAsync(warehouse, summaries);
        if (failedFiles.Count == 0 || result.MayRetry || result.Outcome == JobOutcome.Cancelled) return result;
        return result with
        {
            Outcome = JobOutcome.Failed,
            Message = $"Moved to {FailedFolder}/ with a report: {string.Join(", ", failedFiles)}. {result.Message}"
                .Trim(),
        };
    }

    /// <summary>Complete files in the folder (not in its sub-folders), in dependency order, then by name.</summary>
    List<(string File, IngestSources.Entry? Source)> ReadyFiles(string folder)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DirectoryInfo(folder).GetFiles()
            .Where(f => !f.Name.StartsWith('.') && now - f.LastWriteTimeUtc >= StableAfter)
            .Select(f => (File: f.FullName, Source: SourceFor(f.Name)))
            .OrderBy(x => x.Source is null ? int.MaxValue : FolderIngest.Order.ToList().IndexOf(x.Source.CanonicalFile))
            .ThenBy(x => x.File, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The source a dropped file is for, by its name's start: a source's name or its canonical file's
    /// stem.</summary>
    public static IngestSources.Entry? SourceFor(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return IngestSources.All
            .Where(s => s.CanonicalFile.Length > 0 && Path.GetExtension(s.CanonicalFile) == extension
                && (fileName.StartsWith(s.Name, StringComparison.OrdinalIgnoreCase)
                    || fileName.StartsWith(Path.GetFileNameWithoutExtension(s.CanonicalFile),
                        StringComparison.OrdinalIgnoreCase)))
            // The longest match: "survey" must not take "survey_items-2025.csv", nor "kpi" a future "kpi-targets".
            .OrderByDescending(s => Math.Max(Matched(fileName, s.Name),
                Matched(fileName, Path.GetFileNameWithoutExtension(s.CanonicalFile))))
            .FirstOrDefault();
    }

    static int Matched(string fileName, string prefix) =>
        fileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? prefix.Length : 0;

    sealed record RejectRow(long? Line, string? Field, string Reason);

    static async Task<IReadOnlyList<RejectRow>> RejectionsAsync(Database warehouse, long runId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return (await db.QueryAsync<RejectRow>(new CommandDefinition(
            "SELECT line AS Line, field AS Field, reason AS Reason FROM ingest_rejections WHERE run_id = @runId " +
            "ORDER BY rejection_id", new { runId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Moves the file (a later file of the same name gets a time suffix) and writes its report.</summary>
    static async Task MoveAsync(string file, string into, IReadOnlyList<RejectRow> rejections, string? failure)
    {
        var folder = Path.Combine(Path.GetDirectoryName(file)!, into);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(file));
        if (File.Exists(target))
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}." +
                $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss}{Path.GetExtension(file)}");
        File.Move(file, target);
        if (rejections.Count == 0 && failure is null) return;
        await using var writer = new StreamWriter(target + ".rejects.csv");
        // Reasons can quote the file's own text: escaped, so the report is safe to open in Excel.
        var settings = new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
        {
            InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape,
        };
        await using var csv = new CsvWriter(writer, settings);
        csv.WriteField("line"); csv.WriteField("field"); csv.WriteField("reason");
        await csv.NextRecordAsync();
        if (failure is not null)
        {
            csv.WriteField(""); csv.WriteField(""); csv.WriteField(failure);
            await csv.NextRecordAsync();
        }
        foreach (var r in rejections)
        {
            csv.WriteField(r.Line?.ToString(CultureInfo.InvariantCulture) ?? ""); csv.WriteField(r.Field ?? "");
            csv.WriteField(r.Reason);
            await csv.NextRecordAsync();
        }
    }
}
