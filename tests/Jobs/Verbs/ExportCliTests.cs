using Impact.Tests.Dashboard.Exports;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Jobs.Verbs;

/// <summary>`impact export` as a user runs it, on the seeded warehouse.</summary>
public sealed class ExportCliTests
{
    static async Task<string> SeededAsync()
    {
        var path = TempFiles.NewPath(".db");
        var warehouse = Database.FromSetting("sqlite:" + path);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        await ExportSeed.SeedAsync(warehouse);
        return path;
    }

    [Test]
    public async Task Export_writes_the_chosen_formats_and_names_the_run_and_data_version()
    {
        var path = await SeededAsync();
        var folder = TempFiles.NewFolder();
        var result = await ImpactProcess.RunAsync("export", "--db", "sqlite:" + path, "--out", folder,
            "--format", "csv,html");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("from estimate run 2 (data version v)").And.Contain("Recorded as"));
        var names = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
        Assert.That(names, Does.Contain("brief.html").And.Contain("impact-matrix.csv").And.Contain("pack.json"));
        Assert.That(names.Where(n => n!.EndsWith(".png") || n.EndsWith(".svg") || n.EndsWith(".pptx")), Is.Empty);
    }

    [Test]
    public async Task An_unknown_format_or_a_missing_destination_is_refused_in_one_sentence()
    {
        var path = await SeededAsync();
        var format = await ImpactProcess.RunAsync("export", "--db", "sqlite:" + path, "--out",
            TempFiles.NewFolder(), "--format", "png,docx");
        Assert.That(format.ExitCode, Is.EqualTo(1));
        Assert.That(format.Error.Trim(), Does.Contain("'docx' is not a format").And.Not.Contain("\n"));

        var nowhere = await ImpactProcess.RunAsync("export", "--db", "sqlite:" + path);
        Assert.That(nowhere.ExitCode, Is.EqualTo(1));
        Assert.That(nowhere.Error, Does.Contain("--out"));
    }

    [Test]
    public async Task A_warehouse_without_an_estimate_run_says_to_estimate_first()
    {
        var path = TempFiles.NewPath(".db");
        await Migrator.MigrateAsync(Database.FromSetting("sqlite:" + path), CancellationToken.None);
        var result = await ImpactProcess.RunAsync("export", "--db", "sqlite:" + path, "--out", TempFiles.NewFolder());

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("run 'impact estimate' first"));
    }
}
