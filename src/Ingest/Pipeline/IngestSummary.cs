using System.Text;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// The result of one ingest, reconciled: read = stored + updated + unchanged + rejected, over the batches
/// that were committed. <see cref="ExitCode"/> is one of <see cref="ExitCodes"/>: 0 all rows stored,
/// 2 some rows rejected, 1 nothing stored, 3 stopped by a failure with committed batches kept, 130 cancelled.
/// </summary>
public sealed record IngestSummary(
    long RunId, string Source, string Location, bool DryRun, string Outcome,
    long Read, long Stored, long Updated, long Unchanged, long Rejected,
    IReadOnlyList<Rejection> FirstRejections, IReadOnlyList<string> Notes, string? Message, TimeSpan Elapsed)
{
    public const int ShownRejections = 5;

    public int ExitCode => Outcome switch
    {
        IngestOutcome.Succeeded => ExitCodes.Succeeded,
        IngestOutcome.Partial => ExitCodes.SomeRowsRejected,
        IngestOutcome.Cancelled => ExitCodes.Interrupted,
        IngestOutcome.Failed when !DryRun && Stored + Updated > 0 => ExitCodes.StoppedPartWay,
        _ => ExitCodes.NothingStored,
    };

    public bool Reconciles => Read == Stored + Updated + Unchanged + Rejected;

    /// <summary>The summary as the CLI prints it: one line of counts, then reasons and notes.</summary>
    public string Describe()
    {
        var name = Path.GetFileName(Location) is { Length: > 0 } f ? f : Location;
        var text = new StringBuilder();
        text.Append($"{Source} {name}: ");
        if (Outcome == IngestOutcome.Failed && Read == 0 && Message is not null)
            text.Append("nothing stored. ").Append(Message);
        else
        {
            text.Append($"{Read:N0} read, {Stored:N0} stored, {Updated:N0} updated, {Unchanged:N0} unchanged, " +
                $"{Rejected:N0} rejected");
            text.Append(DryRun ? " (dry run: nothing was stored)." : ".");
            if (Message is not null) text.Append(' ').Append(Message);
        }
        foreach (var r in FirstRejections) text.Append($"\n  rejected {r}");
        if (Rejected > FirstRejections.Count)
            text.Append($"\n  ... and {Rejected - FirstRejections.Count:N0} more (impact ingest history shows run " +
                $"{RunId}; all are in ingest_rejections).");
        foreach (var n in Notes) text.Append("\n  note: ").Append(n);
        return text.ToString();
    }
}
