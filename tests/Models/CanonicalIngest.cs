using Impact.Ingest.Pipeline;
using Impact.Models.Simulation;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Models;

/// <summary>
/// Loads a folder of canonical files (the simulator's output, the LaLonde conversion) through the
/// real ingest path, `impact ingest folder`'s method, and insists that every row was stored.
/// </summary>
public static class CanonicalIngest
{
    /// <summary>Small enough to load in a second on any engine, big enough for every metric and intervention.</summary>
    public static readonly SimulationOptions SmallOrganisation = new() { Employees = 150, Months = 12, Seed = 5 };

    /// <summary>A migrated warehouse on the engine holding a simulated organisation, and the simulation.</summary>
    public static async Task<(Database Warehouse, OrganisationSimulator.Result Sim)> SimulatedAsync(
        Engine engine, SimulationOptions options)
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var sim = new OrganisationSimulator(options).Run();
        var folder = TempFiles.NewFolder();
        await CanonicalFiles.WriteAsync(sim, folder, options, CancellationToken.None);
        await LoadAsync(warehouse, folder);
        return (warehouse, sim);
    }

    public static async Task LoadAsync(Database warehouse, string folder)
    {
        var report = await FolderIngest.RunAsync(warehouse, folder, new IngestOptions(), CancellationToken.None);
        Assert.That(report.ExitCode, Is.Zero, string.Join("\n", report.Summaries.Select(s => s.Describe())));
        Assert.That(report.Summaries.Sum(s => s.Rejected), Is.Zero);
    }
}
