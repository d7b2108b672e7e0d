using Dapper;
using Impact.Warehouse;
using Impact.Warehouse.Accounts.Audit;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// job_schedules: added, listed, enabled or disabled and removed by the CLI and the Jobs page; read by every
/// Hangfire server (<see cref="ScheduleSync"/>). Each change is audited in the same transaction.
/// </summary>
public sealed class ScheduleStore(Database warehouse, AuditLog audit)
{
    const string Select = """
        SELECT name AS Name, source AS Source, location AS Location, profile AS Profile, cron AS Cron,
               time_zone AS TimeZone, enabled AS EnabledFlag, then_step AS NextStep, updated_at AS UpdatedAt,
               export_owner AS ExportOwner, export_formats AS ExportFormats, export_email AS ExportEmailFlag
        FROM job_schedules
        """;

    public Database Warehouse => warehouse;

    public async Task<IReadOnlyList<Schedule>> ListAsync(CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var rows = await db.QueryAsync<Row>(new CommandDefinition($"{Select} ORDER BY name", cancellationToken: ct));
        return rows.Select(r => r.ToSchedule()).ToList();
    }

    public async Task<Schedule?> FindAsync(string name, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE name = @name",
            new { name }, cancellationToken: ct));
        return row?.ToSchedule();
    }

    /// <summary>A fingerprint of every schedule: servers re-register recurring jobs when it changes.</summary>
    public async Task<string> VersionAsync(CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var (count, newest) = await db.QuerySingleAsync<(long, string?)>(new CommandDefinition(
            "SELECT COUNT(*), MAX(updated_at) FROM job_schedules", cancellationToken: ct));
        return $"{count}/{newest}";
    }

    /// <summary>Checks and stores a new schedule; a name already taken is a sentence, and nothing changes.</summary>
    public async Task<Schedule> AddAsync(Schedule typed, Actor actor, CancellationToken ct)
    {
        var schedule = ScheduleRules.Check(typed);
        await using var db = await warehouse.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        if (await db.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM job_schedules WHERE name = @Name", schedule, tx, cancellationToken: ct)) > 0)
            throw new ImpactException($"There is already a schedule named '{schedule.Name}': remove it first, or " +
                "choose another name.");
        var now = Clock.UtcStamp();
        await db.ExecuteAsync(new CommandDefinition("""
            INSERT INTO job_schedules (name, source, location, profile, cron, time_zone, enabled, then_step,
                                       created_at, updated_at, export_owner, export_formats, export_email)
            VALUES (@Name, @Source, @Location, @Profile, @Cron, @TimeZone, @EnabledFlag, @Then, @now, @now,
                    @ExportOwner, @ExportFormats, @ExportEmailFlag)
            """, new
            {
                schedule.Name, schedule.Source, schedule.Location, schedule.Profile, schedule.Cron,
                schedule.TimeZone, EnabledFlag = schedule.Enabled ? 1 : 0, schedule.Then, now, schedule.ExportOwner,
                schedule.ExportFormats, ExportEmailFlag = schedule.Source == FeedKinds.Export
                    ? schedule.ExportEmail ? 1 : 0 : (int?)null,
            }, tx, cancellationToken: ct));
        await audit.WriteAsync(db, tx, actor, AuditActions.ScheduleChanged, schedule.Name, "added: " +
            Describe(schedule), ct);
        await tx.CommitAsync(ct);
        return schedule;
    }

    /// <summary>Removes a schedule (its history stays); false when there is none by that name.</summary>
    public Task<bool> RemoveAsync(string name, Actor actor, CancellationToken ct) =>
        ChangeAsync(name, "DELETE FROM job_schedules WHERE name = @name", "removed", actor, ct);

    public Task<bool> SetEnabledAsync(string name, bool enabled, Actor actor, CancellationToken ct) =>
        ChangeAsync(name,
            $"UPDATE job_schedules SET enabled = {(enabled ? 1 : 0)}, updated_at = @now WHERE name = @name",
            enabled ? "enabled" : "disabled", actor, ct);

    async Task<bool> ChangeAsync(string name, string sql, string what, Actor actor, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var changed = await db.ExecuteAsync(new CommandDefinition(sql, new { name, now = Clock.UtcStamp() }, tx,
            cancellationToken: ct));
        if (changed == 0) return false;
        await audit.WriteAsync(db, tx, actor, AuditActions.ScheduleChanged, name, what, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>One line, as the audit log and <c>impact jobs list</c> show it.</summary>
    public static string Describe(Schedule s) => s.Source == FeedKinds.Export
        ? $"export to {ExportRules.Destination(s)}, \"{s.Cron}\" {s.TimeZone}{(s.Enabled ? "" : ", disabled")}"
        : $"{s.Source} {s.Location}{(s.Profile is null ? "" : $" (profile {s.Profile})")}, \"{s.Cron}\" " +
        $"{s.TimeZone}, then {s.Then}{(s.Enabled ? "" : ", disabled")}";

    /// <summary>A schedule name that must exist, or the sentence saying which do.</summary>
    public async Task<Schedule> RequireAsync(string name, CancellationToken ct) =>
        await FindAsync(name, ct) ?? throw new ImpactException(
            $"There is no schedule named '{name}'; 'impact jobs list' shows those there are.");

    sealed class Row
    {
        public string Name { get; set; } = "";
        public string Source { get; set; } = "";
        public string Location { get; set; } = "";
        public string? Profile { get; set; }
        public string Cron { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public long EnabledFlag { get; set; }
        public string NextStep { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
        public string? ExportOwner { get; set; }
        public string? ExportFormats { get; set; }
        public long? ExportEmailFlag { get; set; }

        public Schedule ToSchedule() =>
            new(Name, Source, Location, Profile, Cron, TimeZone, EnabledFlag != 0, NextStep)
            {
                ExportOwner = ExportOwner, ExportFormats = ExportFormats, ExportEmail = ExportEmailFlag == 1,
            };
    }
}
