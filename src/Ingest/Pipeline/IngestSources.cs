using Impact.Ingest.Db;
using Impact.Ingest.Kpi;
using Impact.Ingest.Metrics;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// Every source by the name users type (<c>impact ingest &lt;name&gt; &lt;path&gt;</c>) and, for folder
/// ingest, the canonical file it reads. Order matters: it is the dependency order of a folder load
/// (employees before completions that name them, metrics before the KPIs that use them).
/// To add a source, add one entry here (see src/Ingest/README.md).
/// </summary>
public static class IngestSources
{
    public delegate Task<IngestSummary> Runner(Warehouse warehouse, string path, IngestOptions options, CancellationToken ct);

    public sealed record Entry(string Name, string CanonicalFile, string Description, Runner Run);

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("metrics", "metrics.json", "Metric definitions (JSON array: id, name, unit, direction, owner, level, kind, value_per_unit, currency).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new MetricsSource(p), o, ct)),
        new("kpi", "kpi.csv", "KPI values (CSV: metric_id, subject_id, period_start, value).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new KpiCsvSource(p), o, ct)),
        new("identities", "identities.csv", "xAPI identity map (CSV: actor, employee_id; actor is mailto:…, an mbox_sha1sum, account:<homePage>|<name> or openid:<uri>).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new Xapi.IdentitiesSource(p), o, ct)),
        new("xapi", "xapi.json", "xAPI 1.0.3 statements (JSON array or StatementResult), or a live LRS with --lrs <base-url>.",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new Xapi.XapiFileSource(p), o, ct)),
    ];

    public static Entry? Find(string name) => All.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static Task<IngestSummary> RunAsync(Warehouse warehouse, string source, string path, IngestOptions options, CancellationToken ct) =>
        (Find(source) ?? throw new ImpactException($"There is no ingest source '{source}'; known sources: {string.Join(", ", All.Select(e => e.Name))}."))
        .Run(warehouse, path, options, ct);
}
