using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Xapi;

/// <summary>Entry point for an LRS run, for the CLI and scheduled jobs alike (a file run goes through
/// <see cref="IngestSources"/>).</summary>
public static class XapiIngest
{
    /// <summary>
    /// Reads new statements from the LRS at <paramref name="baseUrl"/> (credentials: <see cref="IngestOptions.Lrs"/>):
    /// those stored after the saved watermark, or after <paramref name="since"/> when given.
    /// </summary>
    public static Task<IngestSummary> RunLrsAsync(Database warehouse, string baseUrl, IngestOptions options,
        CancellationToken ct,
        HttpClient? http = null, DateTimeOffset? since = null) =>
        IngestRunner.RunAsync(warehouse,
            new XapiLrsSource(
                LrsOptions.For(baseUrl, options.Lrs) with { Timeout = options.LrsTimeout, Retry = options.Retry },
                http, since),
            options, ct);

    /// <summary>A --since value: an ISO 8601 date or date and time (UTC unless it says otherwise).</summary>
    public static DateTimeOffset ParseSince(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new ImpactException($"--since '{text}' is not an ISO 8601 date or time such as 2025-03-01 or " +
                "2025-03-01T08:00:00Z.");
}
