using Dapper;
using Hangfire;
using Impact.Dashboard.Access;
using Impact.Dashboard.Jobs;
using Impact.Warehouse;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Jobs;

/// <summary>
/// The feeds data staff scheduled, their next and last runs and the latest attempts; add, disable or enable,
/// and run now. The same as <c>impact jobs</c>; every change is audited.
/// </summary>
[Authorize(Policy = Policies.DataOperations)]
public sealed class IndexModel(ScheduleStore schedules, JobRuns runs, IBackgroundJobClient jobs, TimeProvider clock,
    Database warehouse) : PageModel
{
    public const int RecentRuns = 30;

    public sealed record Row(Schedule Schedule, DateTimeOffset? NextRun, JobRunRecord? LastRun);

    /// <param name="Estimate">The newest estimate run, so data staff see a fanned-out run's progress (n of N
    /// pairs) here too: the overview that also says it is not theirs.</param>
    public sealed record Result(IReadOnlyList<Row> Schedules, IReadOnlyList<JobRunRecord> Recent,
        RunState? Estimate)
    {
        public static readonly Result Empty = new([], [], null);
    }

    public Result Data { get; private set; } = Result.Empty;
    public string? Notice { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyList<string> Sources => ScheduleRules.Sources;

    public async Task OnGetAsync(CancellationToken ct) => Data = await LoadAsync(ct);

    /// <param name="path">A feed's file, folder, URL or source name; an export schedule's folder.</param>
    /// <param name="owner">Export schedules: only this stakeholder's metrics.</param>
    /// <param name="email">Export schedules: also e-mail the owners' recipients.</param>
    public Task<IActionResult> OnPostAddAsync(string name, string source, string? path, string? profile, string cron,
        string? timeZone, string then, string? owner, bool email, CancellationToken ct) =>
        DoAsync(async () =>
        {
            var export = source == FeedKinds.Export;
            var added = await schedules.AddAsync(new Schedule(name ?? "", source ?? "", path ?? "", profile,
                cron ?? "", string.IsNullOrWhiteSpace(timeZone) ? ScheduleRules.DefaultTimeZone : timeZone, true,
                export ? ThenStep.None : then ?? ThenStep.None)
            {
                ExportOwner = export && !string.IsNullOrWhiteSpace(owner) ? owner : null, ExportEmail = export && email,
            }, Caller.Of(HttpContext), ct);
            Notice = $"Added {added.Name}: {ScheduleStore.Describe(added)}.";
        }, ct);

    public Task<IActionResult> OnPostEnableAsync(string name, bool enabled, CancellationToken ct) =>
        DoAsync(async () =>
        {
            if (!await schedules.SetEnabledAsync(name, enabled, Caller.Of(HttpContext), ct))
                throw new ImpactException($"There is no schedule named '{name}'.");
            Notice = $"{name} is {(enabled ? "enabled" : "disabled")}.";
        }, ct);

    public Task<IActionResult> OnPostRunAsync(string name, CancellationToken ct) =>
        DoAsync(async () =>
        {
            var schedule = await schedules.RequireAsync(name, ct);
            var id = jobs.Enqueue<FeedJob>(j => j.RunAsync(schedule.Name, null, CancellationToken.None));
            Notice = $"Queued {schedule.Name} as job {id}; its attempt appears below when a worker takes it.";
        }, ct);

    async Task<IActionResult> DoAsync(Func<Task> change, CancellationToken ct)
    {
        try { await change(); }
        catch (ImpactException e)
        {
            Problem = e.Message;
            Notice = null;
        }
        Data = await LoadAsync(ct);
        return Page();
    }

    async Task<Result> LoadAsync(CancellationToken ct)
    {
        var recent = await runs.RecentAsync(null, RecentRuns, ct);
        var now = clock.GetUtcNow();
        var rows = (await schedules.ListAsync(ct)).Select(s => new Row(s,
            s.Enabled ? ScheduleRules.NextRun(s.Cron, s.TimeZone, now) : null,
            recent.FirstOrDefault(r => r.ScheduleName == s.Name))).ToList();
        await using var db = await warehouse.OpenAsync(ct);
        var estimate = await db.QuerySingleOrDefaultAsync<RunState>(new CommandDefinition(
            warehouse.Dialect.Page(RunState.Sql, 1), cancellationToken: ct));
        return new Result(rows, recent, estimate);
    }
}
