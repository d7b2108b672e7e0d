using System.Text.RegularExpressions;
using Cronos;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// Checks a schedule before anything is saved: each mistake is one sentence naming the field
/// (<see cref="ImpactException"/>), so the CLI exits 1 and the Jobs page shows it beside the form.
/// </summary>
public static partial class ScheduleRules
{
    public const string DefaultTimeZone = "UTC";

    /// <summary>Every source a schedule may name: each <c>impact ingest</c> source, folder, drop-folder and
    /// export.</summary>
    public static IReadOnlyList<string> Sources { get; } =
        [.. IngestSources.All.Select(s => s.Name), FeedKinds.Folder, FeedKinds.DropFolder, FeedKinds.Export];

    /// <summary>The schedule as it will be stored (paths made absolute, so every worker finds the same file).</summary>
    public static Schedule Check(Schedule typed)
    {
        var name = typed.Name.Trim();
        if (!NamePattern().IsMatch(name))
            throw new ImpactException($"'{typed.Name}' cannot name a schedule: use 1 to 100 letters, digits, '-' or " +
                "'_', starting with a letter or digit.");
        var source = Sources.FirstOrDefault(s => s.Equals(typed.Source.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ImpactException($"There is no source '{typed.Source}'; a schedule can use: " +
                $"{string.Join(", ", Sources)}.");
        var then = ThenStep.All.FirstOrDefault(t => t.Equals(typed.Then.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ImpactException($"--then must be one of {string.Join(", ", ThenStep.All)} (got " +
                $"'{typed.Then}').");
        NextRun(typed.Cron, typed.TimeZone, DateTimeOffset.UtcNow);
        var profile = string.IsNullOrWhiteSpace(typed.Profile) ? null : typed.Profile.Trim();
        var checkedTimes = typed with
        {
            Name = name, Source = source, Profile = profile, Cron = typed.Cron.Trim(), TimeZone = typed.TimeZone.Trim(),
            Then = then,
        };
        if (source == FeedKinds.Export) return ExportRules.Check(checkedTimes);
        if (typed.ExportOwner is not null || typed.ExportFormats is not null || typed.ExportEmail)
            throw new ImpactException("--owner, --format and --email belong to export schedules (--source export).");
        return checkedTimes with { Location = Location(source, typed.Location.Trim()) };
    }

    /// <summary>When the schedule runs next after <paramref name="after"/>; a bad cron or zone is a sentence.</summary>
    public static DateTimeOffset? NextRun(string cron, string timeZone, DateTimeOffset after) =>
        Parse(cron).GetNextOccurrence(after, Zone(timeZone));

    static CronExpression Parse(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if ((fields is 5 or 6) && CronExpression.TryParse(cron.Trim(), format, out var parsed)) return parsed;
        throw new ImpactException($"'{cron}' is not a cron expression: give five fields (minute hour day month " +
            "weekday, e.g. \"0 6 * * 1\" for Mondays at 06:00) or six with seconds first.");
    }

    /// <summary>An IANA time zone (Europe/London); Windows names do not resolve in this build.</summary>
    public static TimeZoneInfo Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ImpactException($"'{id}' is not a time zone Impact knows: use an IANA id such as " +
                "Europe/London, America/New_York or UTC.");
        }
    }

    static string Location(string source, string location)
    {
        if (location.Length == 0) throw new ImpactException($"A {source} schedule needs --path.");
        if (source == "kpi-sql") return location; // a configured source's name (IMPACT_SQL_<NAME>)
        if (source == "xapi" && Uri.TryCreate(location, UriKind.Absolute, out var lrs)
            && (lrs.Scheme == Uri.UriSchemeHttp || lrs.Scheme == Uri.UriSchemeHttps))
            return location; // a live LRS
        var full = Path.GetFullPath(location);
        if (source is FeedKinds.Folder or FeedKinds.DropFolder)
            return Directory.Exists(full) ? full
                : throw new ImpactException($"The folder {full} does not exist: create it first, then add the " +
                    "schedule.");
        return File.Exists(full) ? full : throw new ImpactException($"The file {full} does not exist.");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")]
    private static partial Regex NamePattern();
}
