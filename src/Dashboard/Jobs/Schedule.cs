namespace Impact.Dashboard.Jobs;

/// <summary>
/// A feed data staff set up once: what to ingest (<see cref="Source"/>, <see cref="Location"/>,
/// <see cref="Profile"/>), when (<see cref="Cron"/> read in <see cref="TimeZone"/>, an IANA id), and what
/// follows an ingest that stored or changed rows (<see cref="Then"/>). Stored in job_schedules.
/// </summary>
public sealed record Schedule(string Name, string Source, string Location, string? Profile, string Cron,
    string TimeZone, bool Enabled, string Then)
{
    /// <summary>An export schedule's stakeholder: only the metrics they own (null: every metric).</summary>
    public string? ExportOwner { get; init; }

    /// <summary>An export schedule's formats, comma-separated as <c>impact export --format</c> takes them (null:
    /// all).</summary>
    public string? ExportFormats { get; init; }

    /// <summary>An export schedule also e-mails each owner's pack to that owner's stored recipients.</summary>
    public bool ExportEmail { get; init; }

    /// <summary>The Hangfire recurring job that runs this schedule on every server.</summary>
    public string RecurringJobId => RecurringPrefix + Name;

    /// <summary>Every recurring job Impact registers starts with this; others are left alone.</summary>
    public const string RecurringPrefix = "feed:";
}

/// <summary>What follows a successful ingest (job_schedules.then_step).</summary>
public static class ThenStep
{
    public const string None = "none";
    public const string Estimate = "estimate";
    public const string Export = "export";

    public static readonly string[] All = [None, Estimate, Export];
}

/// <summary>The kinds a schedule can name beyond the <c>impact ingest</c> sources.</summary>
public static class FeedKinds
{
    /// <summary>Every canonical file in a folder, in dependency order (<c>impact ingest folder</c>).</summary>
    public const string Folder = "folder";

    /// <summary>A watched folder: each new file is ingested once, then moved to processed/ or failed/.</summary>
    public const string DropFolder = "drop-folder";

    /// <summary>No ingest: the executive pack of the newest succeeded estimate run, to a folder and/or by
    /// e-mail (<c>impact export</c> on a schedule).</summary>
    public const string Export = "export";
}
