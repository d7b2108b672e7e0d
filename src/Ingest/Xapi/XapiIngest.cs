using Impact.Ingest.Db;
using Impact.Ingest.Pipeline;

namespace Impact.Ingest.Xapi;

/// <summary>Entry point for an LRS run, for the CLI and scheduled jobs alike (a file run goes through <see cref="IngestSources"/>).</summary>
public static class XapiIngest
{
    /// <summary>Reads new statements from the LRS at <paramref name="baseUrl"/>; credentials from IMPACT_LRS_KEY / IMPACT_LRS_SECRET.</summary>
    public static Task<IngestSummary> RunLrsAsync(Warehouse warehouse, string baseUrl, IngestOptions options, CancellationToken ct,
        HttpClient? http = null) =>
        IngestRunner.RunAsync(warehouse, new XapiLrsSource(LrsOptions.FromEnvironment(baseUrl), http), options, ct);
}
