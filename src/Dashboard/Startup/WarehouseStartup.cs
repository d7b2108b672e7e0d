using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Dashboard.Startup;

/// <summary>
/// Before the first request: bring the schema up to date, so a fresh machine needs no separate
/// `impact init`; and on the very first start (nothing ever ingested) load the sample organisation,
/// and estimate its impacts, so the dashboard shows something real straight away.
/// </summary>
public sealed class WarehouseStartup(Database warehouse, IngestOptions ingest, EstimateOptions estimate,
    DateWindow dates,
    IConfiguration configuration, IHostEnvironment environment, ILogger<WarehouseStartup> log)
{
    /// <summary>The estimate run started after the first-start sample load (null when there was none).</summary>
    public Task? FirstEstimate { get; private set; }

    /// <summary>Folder of canonical files to load on first start; "none" turns the sample load off.</summary>
    public const string SampleDataKey = "Impact:SampleData";

    public async Task PrepareAsync(CancellationToken ct)
    {
        var report = await Migrator.MigrateAsync(warehouse, ct);
        if (report.Applied.Count > 0)
            log.LogInformation("{Target}: schema version {From} → {To}", warehouse.Target, report.FromVersion,
                report.ToVersion);
        await LoadSampleOnFirstStartAsync(ct);
    }

    async Task LoadSampleOnFirstStartAsync(CancellationToken ct)
    {
        var folder = SampleFolder();
        if (folder is null) return;
        await using (var db = await warehouse.OpenAsync(ct))
        {
            // "First start" means nothing was ever ingested: a warehouse someone loaded (or emptied) is left alone.
            if (await db.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM ingest_runs",
                cancellationToken: ct)) > 0)
                return;
        }

        log.LogInformation("First start: loading the sample organisation from {Folder} into {Target}", folder,
            warehouse.Target);
        var loaded = await FolderIngest.RunAsync(warehouse, folder, ingest, ct);
        foreach (var s in loaded.Summaries)
            log.LogInformation("{Source}: {Read} rows read, {Stored} stored, {Rejected} rejected ({Outcome})",
                s.Source, s.Read, s.Stored, s.Rejected, s.Outcome);

        // Estimating takes a little while (about 20 s for the sample on two cores): the pages serve
        // meanwhile and show the verdicts once the run is stored.
        FirstEstimate = Task.Run(() => EstimateSampleAsync(ct), ct);
    }

    async Task EstimateSampleAsync(CancellationToken ct)
    {
        try
        {
            log.LogInformation(
                "Estimating the impact of every intervention on every performance metric (first start)…");
            var run = await EstimateJob.RunAsync(warehouse, estimate, null, null, null, ct, dates);
            log.LogInformation("Estimate run {RunId} stored: {Pairs} intervention × metric pairs",
                run.RunId, run.Results.Count);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            log.LogInformation("First-start estimate cancelled by shutdown; run `impact estimate` to make one.");
        }
        catch (Exception e)
        {
            log.LogError(e, "The first-start estimate failed; run `impact estimate` to see why");
        }
    }

    string? SampleFolder()
    {
        var configured = configuration[SampleDataKey];
        if (string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrWhiteSpace(configured))
            return Directory.Exists(configured) ? Path.GetFullPath(configured)
                : throw new ImpactException($"The sample data folder {configured} ({SampleDataKey}) does not exist.");

        // Default: the repository's data-samples/, found from the content root (src/Dashboard under dotnet run).
        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data-samples");
            if (File.Exists(Path.Combine(candidate, "employees.csv"))) return candidate;
        }
        return null;
    }
}
