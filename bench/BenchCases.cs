namespace Impact.Bench;

/// <summary>The benchmark cases by name; each returns a process exit code.</summary>
public static class BenchCases
{
    public static readonly IReadOnlyDictionary<string, Func<string[], Task<int>>> All =
        new Dictionary<string, Func<string[], Task<int>>>
        {
            ["ingest-kpi"] = IngestKpiBench.RunAsync,
            ["ingest-folder"] = IngestFolderBench.IngestAsync,
            ["estimate-read"] = IngestFolderBench.ReadAsync,
            ["ingest-xapi"] = IngestXapiBench.RunAsync,
            ["ingest-hostile"] = IngestHostileBench.RunAsync,
            ["estimate"] = EstimateBench.RunAsync,
            ["calibration"] = CalibrationBench.RunAsync,
            ["pages"] = PageLoadBench.RunAsync,
            ["export-pack"] = ExportPackBench.RunAsync,
            ["reestimate-workers"] = ReestimateWorkersBench.RunAsync,
            ["group-stats"] = GroupStatsBench.RunAsync,
        };
}
