using System.CommandLine;
using System.Text.Json;
using Hangfire;
using Impact.Dashboard.Jobs;
using Impact.Jobs.Jobs;
using Impact.Warehouse;
using Impact.Warehouse.Accounts.Audit;

namespace Impact.Jobs.Verbs;

/// <summary>
/// <c>impact jobs add|list|remove|enable|disable|trigger|history</c>: the feeds in job_schedules, which every
/// Hangfire server (the dashboard, <c>impact worker</c>) registers as recurring jobs, and their history.
/// </summary>
public static class JobsVerb
{
    static readonly Option<bool> Json = new("--json") { Description = "Print JSON instead of a table." };

    public static Command Create()
    {
        var command = new Command("jobs", "Schedule recurring ingest feeds (then re-estimate, export) and see how " +
            "they ran.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Enable("enable", true));
        command.Subcommands.Add(Enable("disable", false));
        command.Subcommands.Add(JobsTriggerVerb.Create());
        command.Subcommands.Add(JobsHistoryVerb.Create());
        return command;
    }

    /// <summary>The schedules of the warehouse named by --db, its schema checked first.</summary>
    internal static async Task<ScheduleStore> StoreAsync(ParseResult parse, CancellationToken ct)
    {
        var warehouse = parse.Warehouse();
        await Migrator.RequireCurrentAsync(warehouse, ct);
        return new ScheduleStore(warehouse, new AuditLog(warehouse, TimeProvider.System));
    }

    static Argument<string> Name() => new("name") { Description = "The schedule's name." };

    static Command Add()
    {
        var name = Name();
        var source = new Option<string>("--source")
        {
            Description = $"What to ingest: {string.Join(", ", ScheduleRules.Sources)}.", Required = true,
        };
        var path = new Option<string?>("--path")
        {
            Description = "The file, folder (folder, drop-folder), LRS base URL (xapi) or SQL source name (kpi-sql).",
        };
        var profile = new Option<string?>("--profile") { Description = "Column profile (moodle, glint, a file…)." };
        var cron = new Option<string>("--cron")
        {
            Description = "When: five cron fields (\"0 6 * * 1\" is Mondays 06:00), or six with seconds first.",
            Required = true,
        };
        var zone = new Option<string>("--time-zone")
        {
            Description = "IANA time zone the cron is read in (Europe/London).",
            DefaultValueFactory = _ => ScheduleRules.DefaultTimeZone,
        };
        var then = new Option<string>("--then")
        {
            Description = "After an ingest that stored or changed rows: estimate, export (estimate, then the " +
                          "executive export) or none.",
            DefaultValueFactory = _ => ThenStep.None,
        };
        var export = new ExportFlags();
        var command = new Command("add", "Add a schedule; every job server picks it up within seconds.")
        {
            name, source, path, profile, cron, zone, then, export.Out, export.Owner, export.Format, export.Email,
        };
        command.SetVerbAction(async (parse, ct) =>
        {
            var store = await StoreAsync(parse, ct);
            var typed = new Schedule(parse.GetValue(name)!, parse.GetValue(source)!,
                export.Location(parse, parse.GetValue(source)!, parse.GetValue(path)), parse.GetValue(profile),
                parse.GetValue(cron)!, parse.GetValue(zone)!, true, parse.GetValue(then)!);
            var added = await store.AddAsync(export.Apply(parse, typed), UsersVerb.CommandLine(), ct);
            var next = ScheduleRules.NextRun(added.Cron, added.TimeZone, DateTimeOffset.UtcNow);
            Console.WriteLine($"Added {added.Name}: {ScheduleStore.Describe(added)}; next run " +
                $"{next?.UtcDateTime:yyyy-MM-dd HH:mm} UTC. " + WhoRunsIt(store.Warehouse));
            return 0;
        });
        return command;
    }

    static string WhoRunsIt(Database warehouse) => JobStore.Shared(warehouse)
        ? "Any running 'impact worker' (or the dashboard) on this warehouse runs it."
        : "The dashboard runs it while it is up (SQLite: its job server is in-process).";

    static Command List()
    {
        var command = new Command("list", "Show the schedules and when each runs next.") { Json };
        command.SetVerbAction(async (parse, ct) =>
        {
            var schedules = await (await StoreAsync(parse, ct)).ListAsync(ct);
            var now = DateTimeOffset.UtcNow;
            var rows = schedules.Select(s => new
            {
                s.Name, s.Source, s.Location, s.Profile, s.Cron, s.TimeZone, s.Enabled, s.Then,
                NextRun = s.Enabled ? ScheduleRules.NextRun(s.Cron, s.TimeZone, now) : null,
                s.ExportOwner, s.ExportFormats, s.ExportEmail,
                Where = s.Source == FeedKinds.Export ? ExportRules.Destination(s) : s.Location,
            }).ToList();
            if (parse.GetValue(Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows, JsonOptions));
                return 0;
            }
            if (rows.Count == 0) Console.WriteLine("No schedules yet: add one with 'impact jobs add'.");
            foreach (var r in rows)
                Console.WriteLine($"{r.Name,-20} {r.Source,-12} \"{r.Cron}\" {r.TimeZone,-16} then {r.Then,-8} " +
                    $"{(r.Enabled ? $"next {r.NextRun?.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "disabled"),-26} " +
                    $"{r.Where}");
            return 0;
        });
        return command;
    }

    internal static readonly JsonSerializerOptions JsonOptions =
        new(JsonSerializerDefaults.Web) { WriteIndented = true };

    static Command Remove()
    {
        var name = Name();
        var command = new Command("remove", "Remove a schedule (its history stays).") { name };
        command.SetVerbAction(async (parse, ct) =>
        {
            var store = await StoreAsync(parse, ct);
            if (!await store.RemoveAsync(parse.GetValue(name)!, UsersVerb.CommandLine(), ct))
                throw new ImpactException($"There is no schedule named '{parse.GetValue(name)}'; 'impact jobs list' " +
                    "shows those there are.");
            Console.WriteLine($"Removed {parse.GetValue(name)}; job servers drop its recurring job within seconds.");
            return 0;
        });
        return command;
    }

    static Command Enable(string verb, bool enabled)
    {
        var name = Name();
        var command = new Command(verb, enabled ? "Run a disabled schedule again." : "Stop a schedule without " +
            "removing it.") { name };
        command.SetVerbAction(async (parse, ct) =>
        {
            var store = await StoreAsync(parse, ct);
            if (!await store.SetEnabledAsync(parse.GetValue(name)!, enabled, UsersVerb.CommandLine(), ct))
                throw new ImpactException($"There is no schedule named '{parse.GetValue(name)}'.");
            Console.WriteLine($"{parse.GetValue(name)} is {verb}d.");
            return 0;
        });
        return command;
    }
}
