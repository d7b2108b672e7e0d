using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Ingest.Xapi;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;

namespace Impact.Dashboard.Jobs;

/// <summary>What one feed run did, summed over its files.</summary>
public sealed record FeedResult(string Outcome, JobCounts Counts, string? Message, bool Changed,
    bool MayRetry = false)
{
    /// <summary>A drop folder with no new file: nothing happened, so nothing goes in the history.</summary>
    public bool Idle { get; init; }
}

/// <summary>
/// Runs a schedule's ingest with the same pipeline as <c>impact ingest</c> (one source, a folder, an LRS or
/// a SQL source) and sums what it did. Drop folders have their own class (<see cref="DropFolder"/>).
/// </summary>
public static class FeedIngest
{
    public static async Task<FeedResult> RunAsync(Database warehouse, Schedule schedule, IngestOptions options,
        CancellationToken ct)
    {
        var withProfile = options with { Profile = schedule.Profile };
        IReadOnlyList<IngestSummary> summaries = schedule.Source switch
        {
            FeedKinds.Folder => (await FolderIngest.RunAsync(warehouse, schedule.Location, withProfile, ct))
                .Summaries,
            "xapi" when Uri.TryCreate(schedule.Location, UriKind.Absolute, out var lrs) && lrs.Scheme.StartsWith("http",
                StringComparison.Ordinal) => [await XapiIngest.RunLrsAsync(warehouse, schedule.Location, withProfile,
                ct)],
            _ => [await IngestSources.RunAsync(warehouse, schedule.Source, schedule.Location, withProfile, ct)],
        };
        return await SumAsync(warehouse, summaries);
    }

    /// <summary>
    /// One outcome for several runs: cancelled over failed over partial over succeeded. A failure may be
    /// retried when it was not the data's fault: the warehouse cannot be reached now, or the run stopped after
    /// committing batches (a dropped connection mid-file); a file that cannot be read at all, or whose every row
    /// was refused, fails at once.
    /// </summary>
    public static async Task<FeedResult> SumAsync(Database warehouse, IReadOnlyList<IngestSummary> summaries)
    {
        var counts = new JobCounts(summaries.Sum(s => s.Read), summaries.Sum(s => s.Stored + s.Updated),
            summaries.Sum(s => s.Rejected), summaries.Count == 1 ? summaries[0].RunId : null);
        var changed = counts.Stored > 0;
        var failed = summaries.Where(s => s.Outcome == IngestOutcome.Failed).ToList();
        var message = string.Join(" ", summaries.Where(s => s.Message is not null || s.Rejected > 0)
            .Select(s => $"{Path.GetFileName(s.Location)}: {s.Message ?? $"{s.Rejected:N0} row(s) rejected."}"));
        if (summaries.Any(s => s.Outcome == IngestOutcome.Cancelled))
            return new FeedResult(JobOutcome.Cancelled, counts, message, changed);
        if (failed.Count > 0)
        {
            var stoppedPartWay = failed.Any(s => s.Read > s.Rejected && s.Read > 0);
            var retry = stoppedPartWay || !await ReachableAsync(warehouse);
            return new FeedResult(JobOutcome.Failed, counts, message, changed, retry);
        }
        var outcome = summaries.Any(s => s.Outcome == IngestOutcome.Partial) ? JobOutcome.Partial
            : JobOutcome.Succeeded;
        return new FeedResult(outcome, counts, message.Length == 0 ? null : message, changed);
    }

    /// <summary>True when the warehouse answers now.</summary>
    public static async Task<bool> ReachableAsync(Database warehouse)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await using var db = await warehouse.OpenAsync(timeout.Token);
            await db.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token));
            return true;
        }
        catch (Exception e) when (e is ImpactException or System.Data.Common.DbException
                                      or OperationCanceledException)
        {
            return false;
        }
    }
}
