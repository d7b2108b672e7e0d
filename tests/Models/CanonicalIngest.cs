using Impact.Ingest.Db;
using Impact.Ingest.Pipeline;

namespace Impact.Tests.Models;

/// <summary>
/// Loads a folder of canonical files (the simulator's output, the LaLonde conversion) through the
/// real ingest path, `impact ingest folder`'s method, and insists that every row was stored.
/// </summary>
public static class CanonicalIngest
{
    public static async Task LoadAsync(Warehouse warehouse, string folder)
    {
        var report = await FolderIngest.RunAsync(warehouse, folder, new IngestOptions(), CancellationToken.None);
        Assert.That(report.ExitCode, Is.Zero, string.Join("\n", report.Summaries.Select(s => s.Describe())));
        Assert.That(report.Summaries.Sum(s => s.Rejected), Is.Zero);
    }
}
