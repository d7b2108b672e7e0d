using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Xapi;

/// <summary>
/// Statements from a live LRS, incrementally: asks only for statements stored after the watermark of
/// the last successful run, and stores the new watermark in the run's last transaction, so a run that
/// fails or is a dry run leaves it where it was. Statements already stored by a failed run's committed
/// batches come round again and are unchanged (statement ids are natural keys).
/// </summary>
/// <param name="since">Overrides the saved watermark (to re-read statements after fixing the identity map).</param>
public sealed class XapiLrsSource(LrsOptions options, HttpClient? http = null, DateTimeOffset? since = null)
    : XapiSource
{
    // No client-wide timeout: LrsFeed gives each page its own, which covers reading the body too.
    static readonly HttpClient SharedHttp =
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    // With its trailing slash, the summary names the whole LRS address rather than its last path segment.
    public override string Location { get; } = options.SourceKey["xapi:".Length..] + "/";
    LrsFeed feed = null!;

    public override async Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        await base.PrepareAsync(context, ct);
        var watermark = since is { } given
            ? LrsFeed.Format(given)
            : await context.Connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT watermark FROM source_watermarks WHERE source_key = @key", new { key = options.SourceKey },
                cancellationToken: ct));
        feed = new LrsFeed(http ?? SharedHttp, options, watermark);
    }

    protected override async IAsyncEnumerable<XapiRead> StatementsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var read in feed.ReadAsync(ct)) yield return read;
    }

    public override async Task CompleteAsync(DbTransaction tx, CancellationToken ct)
    {
        await base.CompleteAsync(tx, ct);
        Context.Notes.Add($"LRS: {feed.Pages} page(s), {feed.Duplicates} repeated statement(s) skipped" +
                          (feed.Retries > 0 ? $", {feed.Retries} page read(s) tried again after a passing fault."
                              : "."));
        if (feed.NextWatermark is not { } watermark) return;
        var d = Context.Dialect;
        var args = new { source_key = options.SourceKey, watermark, updated_at = Clock.UtcStamp() };
        if (await Context.Connection.ExecuteAsync(new CommandDefinition(
                d.InsertIfAbsent("source_watermarks", ["source_key"], ["watermark", "updated_at"]), args, tx,
                    cancellationToken: ct)) == 0)
            await Context.Connection.ExecuteAsync(new CommandDefinition(
                d.UpdateIfChanged("source_watermarks", ["source_key"], ["watermark", "updated_at"]), args, tx,
                    cancellationToken: ct));
        Context.Notes.Add($"The next run asks for statements stored after {watermark}.");
    }
}
