using Impact.Warehouse;

namespace Impact.Dashboard.Exports;

/// <summary>
/// What to export and where: the estimate run (null: the newest that succeeded), one metric owner's metrics
/// or all, which files, and where they go (a folder, and e-mail to each owner's recipients). The CLI, the
/// Export page and a scheduled job all describe an export with this record.
/// </summary>
public sealed record ExportOptions
{
    /// <summary>Folder the files are written to (created if absent). Required unless only e-mailed.</summary>
    public string? OutFolder { get; init; }
    public long? RunId { get; init; }
    public string? Owner { get; init; }
    public IReadOnlySet<string> Formats { get; init; } = ExportFormats.All;
    /// <summary>E-mail each owner's pack to the recipients stored for that owner.</summary>
    public bool Email { get; init; }
    /// <summary>Who asked: a dashboard user's email, <c>cli:&lt;account&gt;</c> or <c>job:&lt;name&gt;</c>.</summary>
    public string RequestedBy { get; init; } = "unknown";
}

/// <summary>The files a pack can hold, as <c>--format</c> names them.</summary>
public static class ExportFormats
{
    public const string Png = "png", Svg = "svg", Csv = "csv", Html = "html", Pptx = "pptx";

    public static readonly IReadOnlySet<string> All = new SortedSet<string>([Png, Svg, Csv, Html, Pptx]);

    /// <summary>"png,svg" → the set; an unknown name is refused with the list of known ones.</summary>
    public static IReadOnlySet<string> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return All;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).ToList();
        var unknown = names.Where(n => !All.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new ImpactException($"--format: '{unknown[0]}' is not a format; use any of " +
                $"{string.Join(", ", All)}, separated by commas.");
        return new SortedSet<string>(names);
    }
}
