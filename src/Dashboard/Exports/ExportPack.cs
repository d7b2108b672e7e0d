using System.Text;
using System.Text.Json;
using Impact.Dashboard.Charts;
using Impact.Warehouse;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Impact.Dashboard.Exports;

/// <summary>What an export made: its record id, the run it showed, the files written and who was mailed.</summary>
public sealed record ExportResult(long ExportId, PackRun Run, IReadOnlyList<string> Files,
    IReadOnlyList<string> MailedTo);

/// <summary>
/// The executive pack, made the same way from <c>impact export</c>, the Export page and a scheduled job
/// (<see cref="RunAsync"/>): read the run once, draw every chart, write the chosen files to a folder and/or
/// e-mail each owner's brief and deck, and record the export in export_runs.
/// </summary>
public sealed class ExportPack(Database warehouse, IConfiguration configuration)
{
    /// <summary>Chart size in the files: 960 × 540 drawn at twice the scale, a 1920 × 1080 PNG that stays
    /// sharp on a projected slide.</summary>
    public const int Width = 960, Height = 540;

    public async Task<ExportResult> RunAsync(ExportOptions options, CancellationToken ct)
    {
        if (options.OutFolder is null && !options.Email)
            throw new ImpactException("Say where the pack goes: --out DIR, e-mail, or both.");
        var smtp = options.Email ? SmtpSettings.Bind(configuration) : null;
        var pack = await PackReader.ReadAsync(warehouse, options.RunId, options.Owner, ct);
        return (await RecordedAsync(options, pack, async exportId =>
        {
            var files = options.OutFolder is { } folder
                ? await WriteFolderAsync(pack, options.Formats, folder, exportId, ct)
                : [];
            var mailed = smtp is not null ? await MailAsync(smtp, options, ct) : [];
            var delivered = string.Join("; ", new[]
            {
                options.OutFolder is { } f ? "folder " + Path.GetFullPath(f) : null,
                mailed.Count > 0 ? "mail " + string.Join(", ", mailed) : null,
            }.OfType<string>());
            return (new ExportResult(exportId, pack.Run, files, mailed), files.Count, delivered);
        })).Value;
    }

    /// <summary>
    /// The pack as one download for the Export page: <c>brief.html</c> or <c>impact.pptx</c> alone when only
    /// that format is asked for, else every file in a .zip.
    /// </summary>
    public async Task<(ExportResult Result, string FileName, byte[] Bytes)> DownloadAsync(ExportOptions options,
        CancellationToken ct)
    {
        var pack = await PackReader.ReadAsync(warehouse, options.RunId, options.Owner, ct);
        return (await RecordedAsync(options, pack, exportId =>
        {
            var files = Files(pack, options.Formats, exportId).ToList();
            var names = files.Select(f => f.Name).ToList();
            var main = files.Where(f => f.Name is "brief.html" or "impact.pptx").ToList();
            var (name, bytes) = options.Formats.Count == 1 && main.Count == 1 ? main[0]
                : ($"impact-pack-run{pack.Run.RunId}.zip", Zip(files));
            return Task.FromResult(((new ExportResult(exportId, pack.Run, names, []), name, bytes), files.Count,
                "download"));
        })).Value;
    }

    /// <summary>Runs an export's body between its export_runs row being begun and ended (failed with the
    /// reason when the body throws, so no export is left 'running').</summary>
    async Task<(T Value, int Files)> RecordedAsync<T>(ExportOptions options, PackData pack,
        Func<long, Task<(T Value, int Files, string Delivered)>> body)
    {
        var exportId = await ExportRuns.BeginAsync(warehouse, options, pack.Run, CancellationToken.None);
        try
        {
            var (value, files, delivered) = await body(exportId);
            await ExportRuns.EndAsync(warehouse, exportId, ExportRuns.Succeeded, files, delivered, null);
            return (value, files);
        }
        catch (Exception e)
        {
            await ExportRuns.EndAsync(warehouse, exportId, ExportRuns.Failed, 0, null,
                e is OperationCanceledException ? "cancelled" : e.Message);
            throw;
        }
    }

    static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create))
            foreach (var (name, bytes) in files)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        return buffer.ToArray();
    }

    /// <summary>The files of one pack, by name; written to a hidden folder first and moved in at the end, so
    /// a stopped export leaves no half-written pack.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Files(PackData pack, IReadOnlySet<string> formats,
        long exportId)
    {
        var charts = PackCharts.For(pack);
        var plain = new Dictionary<string, byte[]>();
        byte[] Untitled(PackChart c) => plain.TryGetValue(c.Name, out var png) ? png
            : plain[c.Name] = SlideImage(c);
        foreach (var chart in charts)
        {
            if (formats.Contains(ExportFormats.Png))
                yield return ($"{chart.Name}.png", ChartStyle.Png(chart.Draw(chart.Title), Width, Height));
            if (formats.Contains(ExportFormats.Svg))
                yield return ($"{chart.Name}.svg",
                    Encoding.UTF8.GetBytes(ChartStyle.Svg(chart.Draw(chart.Title), Width, Height)));
            if (formats.Contains(ExportFormats.Csv)) yield return ($"{chart.Name}.csv", SafeCsv.Write(chart.Table));
        }
        if (formats.Contains(ExportFormats.Html))
            yield return ("brief.html", Encoding.UTF8.GetBytes(BriefHtml.Render(pack, BriefCharts.For(pack),
                c => "data:image/png;base64," + Convert.ToBase64String(BriefCharts.Image(c)), DateTimeOffset.UtcNow)));
        if (formats.Contains(ExportFormats.Pptx)) yield return ("impact.pptx", DeckPptx.Write(pack, charts, Untitled));
        yield return ("pack.json", JsonSerializer.SerializeToUtf8Bytes(new
        {
            export_id = exportId, estimate_run = pack.Run.RunId, estimate_run_started = pack.Run.StartedAt,
            data_version = pack.Run.DataVersion, owner = pack.Owner, freshness = pack.Freshness,
            findings = pack.Findings.Count, not_estimated = pack.NotEstimated.Count,
        }, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>A chart as a slide shows it (8 inches wide): drawn at 640 × 360 so its 13-pixel text is
    /// about 12 pt on the slide, readable from the back of a room.</summary>
    public static byte[] SlideImage(PackChart chart) => ChartStyle.Png(chart.Draw(null), 640, 360);

    static async Task<IReadOnlyList<string>> WriteFolderAsync(PackData pack, IReadOnlySet<string> formats,
        string folder, long exportId, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var staging = Path.Combine(folder, $".impact-export-{exportId}");
        Directory.CreateDirectory(staging);
        try
        {
            var names = new List<string>();
            foreach (var (name, bytes) in Files(pack, formats, exportId))
            {
                ct.ThrowIfCancellationRequested();
                await File.WriteAllBytesAsync(Path.Combine(staging, name), bytes, ct);
                names.Add(name);
            }
            foreach (var name in names)
                File.Move(Path.Combine(staging, name), Path.Combine(folder, name), overwrite: true);
            return names;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    // One message per owner, each with that owner's metrics only, to the recipients stored for that owner.
    async Task<IReadOnlyList<string>> MailAsync(SmtpSettings smtp, ExportOptions options, CancellationToken ct)
    {
        var owners = options.Owner is { } one ? [one] : await OwnersAsync(ct);
        var messages = new List<MimeMessage>();
        var mailed = new List<string>();
        foreach (var owner in owners)
        {
            var to = await ExportRuns.RecipientsAsync(warehouse, owner, ct);
            if (to.Count == 0) continue;
            var pack = await PackReader.ReadAsync(warehouse, options.RunId, owner, ct);
            var charts = PackCharts.For(pack);
            var images = charts.ToDictionary(c => c.Name, c => new Lazy<byte[]>(() => SlideImage(c)));
            byte[] Image(PackChart c) => images[c.Name].Value;
            messages.Add(MailDelivery.Message(smtp, to, pack, DeckPptx.Write(pack, charts, Image)));
            mailed.AddRange(to.Select(t => $"{t} ({owner})"));
        }
        if (messages.Count == 0)
            throw new ImpactException("No recipients are stored for " +
                (options.Owner is { } o ? $"'{o}'" : "any metric owner") +
                ": add them with 'impact export recipients add OWNER EMAIL'.");
        await MailDelivery.SendAsync(smtp, messages, ct);
        return mailed;
    }

    async Task<IReadOnlyList<string>> OwnersAsync(CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return (await Dapper.SqlMapper.QueryAsync<string>(db, new Dapper.CommandDefinition(
            "SELECT DISTINCT owner FROM metrics ORDER BY owner", cancellationToken: ct))).ToList();
    }
}
