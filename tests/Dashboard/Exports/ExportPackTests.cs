using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CsvHelper;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Impact.Dashboard.Exports;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Microsoft.Extensions.Configuration;
using D = DocumentFormat.OpenXml.Drawing;

namespace Impact.Tests.Dashboard.Exports;

/// <summary>The whole pack made once per engine from the seeded warehouse, then each file checked.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class ExportPackTests(Engine engine)
{
    static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();
    Database warehouse = null!;
    string folder = null!;
    ExportResult result = null!;

    [OneTimeSetUp]
    public async Task ExportTheSeededWarehouse()
    {
        warehouse = await TestDatabases.CreateMigratedAsync(engine);
        await ExportSeed.SeedAsync(warehouse);
        folder = TempFiles.NewFolder();
        result = await new ExportPack(warehouse, NoSettings).RunAsync(
            new ExportOptions { OutFolder = folder, RequestedBy = "test" }, CancellationToken.None);
    }

    string Read(string name) => File.ReadAllText(Path.Combine(folder, name));

    static readonly string[] Charts =
    [
        "impact-matrix", "completion-vs-impact-fcr", "completion-vs-impact-hostile", "value",
        "trend-coach-fcr", "event-study-coach-fcr", "trend-elearn-fcr", "event-study-elearn-fcr",
        "trend-script-hostile", "event-study-script-hostile",
    ];

    [Test]
    public void The_pack_has_a_png_svg_and_csv_per_chart_the_brief_the_deck_and_its_manifest()
    {
        var expected = Charts.SelectMany(c => new[] { $"{c}.png", $"{c}.svg", $"{c}.csv" })
            .Append("brief.html").Append("impact.pptx").Append("pack.json");
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.EquivalentTo(expected));
        Assert.That(result.Files, Is.EquivalentTo(expected));
        Assert.That(Directory.GetDirectories(folder), Is.Empty, "the staging folder is removed");
    }

    [Test]
    public void Pngs_decode_at_1920_by_1080_and_svgs_parse_as_xml()
    {
        foreach (var chart in Charts)
        {
            using var image = SkiaSharp.SKBitmap.Decode(Path.Combine(folder, chart + ".png"));
            Assert.That((image?.Width, image?.Height), Is.EqualTo((1920, 1080)), chart);
            Assert.That(XDocument.Parse(Read(chart + ".svg")).Root!.Name.LocalName, Is.EqualTo("svg"), chart);
        }
    }

    [Test]
    public async Task Csv_numbers_equal_the_stored_run_as_impact_estimate_json_prints_it()
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var detail = await db.ExecuteScalarAsync<string>("SELECT detail FROM estimate_results WHERE run_id = @run " +
            "AND intervention_id = 'coach' AND metric_id = 'fcr'", new { run = result.Run.RunId });
        using var json = JsonDocument.Parse(detail!);
        var stored = json.RootElement;

        var row = Rows("impact-matrix.csv").Single(r => r["intervention_id"] == "coach" && r["metric_id"] == "fcr");
        foreach (var field in new[] { "estimate", "ci_low", "ci_high" })
            Assert.That(double.Parse(row[field], CultureInfo.InvariantCulture),
                Is.EqualTo(stored.GetProperty(field).GetDouble()), field);
        var events = Rows("event-study-coach-fcr.csv");
        Assert.That(events.Select(e => double.Parse(e["estimate"], CultureInfo.InvariantCulture)),
            Is.EqualTo(stored.GetProperty("event_study").EnumerateArray()
                .Select(e => e.GetProperty("estimate").GetDouble())));
        var naive = Rows("completion-vs-impact-fcr.csv").Single(r => r["intervention_id"] == "coach");
        Assert.That(double.Parse(naive["naive_difference"], CultureInfo.InvariantCulture),
            Is.EqualTo(stored.GetProperty("naive_difference").GetDouble()));
    }

    [Test]
    public void Every_csv_text_cell_that_could_start_a_formula_is_neutralised_and_numbers_stay_numbers()
    {
        foreach (var file in Directory.GetFiles(folder, "*.csv"))
            foreach (var cell in Rows(Path.GetFileName(file)).SelectMany(r => r.Values))
            {
                if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) continue;
                Assert.That(cell, Does.Not.Match("^[=+\\-@\\t\\r\\n]"), $"{Path.GetFileName(file)}: {cell}");
            }
        var hostile = Rows("impact-matrix.csv").Single(r => r["metric_id"] == "hostile" &&
                                                             r["intervention_id"] == "script");
        Assert.That(hostile["metric"], Is.EqualTo("'" + ExportSeed.FormulaMetric));
        Assert.That(hostile["owner"], Is.EqualTo("'" + ExportSeed.FormulaOwner));
        Assert.That(hostile["estimate"], Is.EqualTo("-635.5"), "a negative number is not escaped");
    }

    [Test]
    public void The_deck_validates_with_zero_errors_and_has_one_slide_per_finding_plus_title_and_closing()
    {
        using var deck = PresentationDocument.Open(Path.Combine(folder, "impact.pptx"), false);
        var errors = new OpenXmlValidator().Validate(deck).ToList();
        Assert.That(errors.Select(e => $"{e.Path?.XPath}: {e.Description}"), Is.Empty);
        // Findings: coach × fcr (improved), elearn × fcr (no detectable effect), script × hostile (improved).
        Assert.That(deck.PresentationPart!.SlideParts.Count(), Is.EqualTo(3 + 2));
    }

    [Test]
    public void A_script_in_a_name_is_escaped_in_the_brief_and_the_deck()
    {
        var html = Read("brief.html");
        Assert.That(html, Does.Not.Contain("<script"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));

        using var deck = PresentationDocument.Open(Path.Combine(folder, "impact.pptx"), false);
        var slides = deck.PresentationPart!.SlideParts.ToList();
        Assert.That(slides.Select(s => s.Slide.OuterXml), Has.None.Contain("<script"));
        Assert.That(slides.SelectMany(s => s.Slide.Descendants<D.Text>()).Select(t => t.Text),
            Has.Some.Contain(ExportSeed.ScriptName));
    }

    [Test]
    public void The_brief_makes_no_external_request()
    {
        var html = Read("brief.html");
        var references = Regex.Matches(html, "(?:src|href)\\s*=\\s*\"([^\"]*)\"").Select(m => m.Groups[1].Value);
        Assert.That(references, Is.Not.Empty.And.All.StartsWith("data:image/png;base64,"));
        Assert.That(html, Does.Not.Contain("url(").And.Not.Contain("@import"));
    }

    [Test]
    public async Task The_export_is_recorded_with_its_run_data_version_and_files()
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var row = await db.QuerySingleAsync<(string Status, long Run, string Version, long Files, string To)>(
            "SELECT status, estimate_run_id, data_version, files, delivered_to FROM export_runs " +
            "WHERE export_id = @id", new { id = result.ExportId });
        Assert.That(row, Is.EqualTo((ExportRuns.Succeeded, result.Run.RunId, "v", (long)result.Files.Count,
            "folder " + Path.GetFullPath(folder))));
        using var manifest = JsonDocument.Parse(Read("pack.json"));
        Assert.That(manifest.RootElement.GetProperty("estimate_run").GetInt64(), Is.EqualTo(result.Run.RunId));
        Assert.That(manifest.RootElement.GetProperty("data_version").GetString(), Is.EqualTo("v"));
    }

    [Test]
    public async Task An_owners_pack_holds_only_that_owners_metrics()
    {
        var only = TempFiles.NewFolder();
        await new ExportPack(warehouse, NoSettings).RunAsync(new ExportOptions
        {
            OutFolder = only, Owner = ExportSeed.FormulaOwner, Formats = ExportFormats.Parse("csv"),
        }, CancellationToken.None);

        Assert.That(Rows("impact-matrix.csv", only).Select(r => r["metric_id"]).Distinct(),
            Is.EqualTo(new[] { "hostile" }));
        Assert.That(Directory.GetFiles(only, "*.png"), Is.Empty);
    }

    [Test]
    public void An_unknown_owner_or_a_failed_run_is_refused_naming_what_exists()
    {
        var pack = new ExportPack(warehouse, NoSettings);
        var owner = Assert.ThrowsAsync<ImpactException>(() => pack.RunAsync(
            new ExportOptions { OutFolder = TempFiles.NewFolder(), Owner = "Nobody" }, CancellationToken.None));
        Assert.That(owner!.Message,
            Does.Contain("'Nobody'").And.Contain(Impact.Tests.Dashboard.DashboardSeed.SalesOwner));
        var failed = Assert.ThrowsAsync<ImpactException>(() => pack.RunAsync(
            new ExportOptions { OutFolder = TempFiles.NewFolder(), RunId = result.Run.RunId + 1 },
            CancellationToken.None));
        Assert.That(failed!.Message, Does.Contain("failed"));
    }

    List<Dictionary<string, string>> Rows(string name, string? from = null)
    {
        using var reader = new StreamReader(Path.Combine(from ?? folder, name));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h) ?? ""));
        return rows;
    }
}
