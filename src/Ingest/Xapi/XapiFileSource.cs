using System.Runtime.CompilerServices;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Xapi;

/// <summary>
/// Statements from a file: a JSON array or a StatementResult. The file is read twice, both times
/// streamed: first to prove it is well-formed JSON from end to end (so a broken file stores nothing,
/// however many batches it would span), then to load it.
/// </summary>
public sealed class XapiFileSource(string path) : XapiSource
{
    public override string Location { get; } = path;
    string? more;

    public override async Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        await base.PrepareAsync(context, ct);
        await using var stream = Open();
        var reader = new StatementReader(Path.GetFileName(Location));
        await foreach (var _ in reader.ReadAsync(stream, ct)) { }
        more = reader.More;
    }

    protected override async IAsyncEnumerable<XapiRead> StatementsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = Open();
        await foreach (var read in new StatementReader(Path.GetFileName(Location)).ReadAsync(stream,
            ct)) yield return read;
    }

    public override async Task CompleteAsync(System.Data.Common.DbTransaction tx, CancellationToken ct)
    {
        await base.CompleteAsync(tx, ct);
        if (more is not null)
            Context.Notes.Add($"The file ends with a 'more' link ({more}) that a file cannot follow: load the rest " +
                "from the LRS with --lrs.");
    }

    FileStream Open()
    {
        try { return new FileStream(Location, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.SequentialScan); }
        catch (Exception e) when (
            e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ImpactException(e is FileNotFoundException or DirectoryNotFoundException
                ? $"The file {Location} does not exist."
                : $"Cannot read {Location}: {e.Message.TrimEnd('.')}.", e);
        }
    }
}
