using System.CommandLine;
using Impact.Dashboard.Exports;
using Impact.Dashboard.Jobs;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary>
/// The flags of an export schedule (<c>impact jobs add NAME --source export</c>), named and read as
/// <c>impact export</c> names them: <c>--out DIR</c>, <c>--owner</c>, <c>--format</c>, <c>--email</c>.
/// </summary>
public sealed class ExportFlags
{
    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Export schedules: the folder each pack is written under (as run-<estimate run>/).",
    };

    public Option<string?> Owner { get; } = new("--owner")
    {
        Description = "Export schedules: only the metrics this stakeholder owns. Default: all.",
    };

    public Option<string?> Format { get; } = new("--format")
    {
        Description = $"Export schedules: files to make, comma-separated: {string.Join(",", ExportFormats.All)}.",
    };

    public Option<bool> Email { get; } = new("--email")
    {
        Description = "Export schedules: also e-mail each owner's brief and deck to that owner's recipients " +
                      "('impact export recipients add').",
    };

    /// <summary>Where the schedule points: --out for an export, --path for a feed; each refuses the other.</summary>
    public string Location(ParseResult parse, string source, string? path)
    {
        var export = source.Trim().Equals(FeedKinds.Export, StringComparison.OrdinalIgnoreCase);
        if (export && path is not null)
            throw new ImpactException("An export schedule takes --out DIR (and/or --email), not --path.");
        if (!export && parse.GetValue(Out) is not null)
            throw new ImpactException("--out belongs to export schedules (--source export); a feed takes --path.");
        return (export ? parse.GetValue(Out) : path) ?? "";
    }

    public Schedule Apply(ParseResult parse, Schedule typed) => typed with
    {
        ExportOwner = parse.GetValue(Owner), ExportFormats = parse.GetValue(Format),
        ExportEmail = parse.GetValue(Email),
    };
}
