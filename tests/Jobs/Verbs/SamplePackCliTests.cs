using System.Globalization;
using System.Text.Json;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Jobs.Verbs;

/// <summary>
/// An executive's path through the tool on a generated sample organisation: `impact sample`, `init`, `ingest
/// folder`, `estimate --json`, `export`. Every file of the pack is there, and its numbers are the estimate's.
/// </summary>
public sealed class SamplePackCliTests
{
    [Test]
    public async Task The_sample_organisation_exports_every_file_with_the_numbers_impact_estimate_printed()
    {
        var sample = TempFiles.NewFolder();
        var db = "sqlite:" + TempFiles.NewPath(".db");
        foreach (var args in new[]
                 {
                     new[] { "sample", "--out", sample, "--employees", "400", "--months", "18", "--seed", "3" },
                     ["init", "--db", db], ["ingest", "folder", sample, "--db", db],
                 })
        {
            var step = await ImpactProcess.RunAsync(args);
            Assert.That(step.ExitCode, Is.Zero, $"{args[0]}: {step.Error}");
        }
        var estimate = await ImpactProcess.RunAsync("estimate", "--db", db, "--json", "--folds", "2");
        Assert.That(estimate.ExitCode, Is.Zero, estimate.Error);
        using var json = JsonDocument.Parse(estimate.Output);
        var estimated = json.RootElement.EnumerateArray()
            .Where(p => p.GetProperty("estimate").ValueKind == JsonValueKind.Number).ToList();
        Assert.That(estimated, Has.Count.GreaterThan(3), "the sample has findings to export");

        var pack = TempFiles.NewFolder();
        var export = await ImpactProcess.RunAsync("export", "--db", db, "--out", pack);
        Assert.That(export.ExitCode, Is.Zero, export.Error);

        var files = Directory.GetFiles(pack).Select(Path.GetFileName).ToHashSet();
        Assert.That(files, Is.SupersetOf(new[] { "brief.html", "impact.pptx", "pack.json", "impact-matrix.png" }));
        var matrix = Rows(Path.Combine(pack, "impact-matrix.csv"));
        foreach (var pair in estimated)
        {
            var (intervention, metric) = (Text(pair, "intervention_id"), Text(pair, "metric_id"));
            foreach (var chart in new[] { "trend", "event-study" })
                foreach (var ext in new[] { "png", "svg", "csv" })
                    Assert.That(files, Does.Contain($"{chart}-{intervention}-{metric}.{ext}"));
            var row = matrix.Single(r => r["intervention_id"] == intervention && r["metric_id"] == metric);
            foreach (var field in new[] { "estimate", "ci_low", "ci_high" })
                Assert.That(double.Parse(row[field], CultureInfo.InvariantCulture),
                    Is.EqualTo(pair.GetProperty(field).GetDouble()).Within(1e-9), $"{intervention} × {metric}");
        }
        using var deck = PresentationDocument.Open(Path.Combine(pack, "impact.pptx"), false);
        Assert.That(new OpenXmlValidator().Validate(deck).Select(e => e.Description), Is.Empty);
        Assert.That(deck.PresentationPart!.SlideParts.Count(), Is.EqualTo(estimated.Count + 2));
        Assert.That(File.ReadAllText(Path.Combine(pack, "brief.html")), Does.Not.Contain("http://")
            .And.Not.Contain("https://"));
    }

    static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    static List<Dictionary<string, string>> Rows(string path)
    {
        using var csv = new CsvReader(new StreamReader(path), CultureInfo.InvariantCulture);
        return csv.GetRecords<dynamic>().Select(r => ((IDictionary<string, object>)r)
            .ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "")).ToList();
    }
}
