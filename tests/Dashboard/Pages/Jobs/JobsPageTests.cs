using System.Net;
using Impact.Tests.Infrastructure;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;

namespace Impact.Tests.Dashboard.Pages.Jobs;

/// <summary>
/// The Jobs page as data staff use it, on the SQLite default where the web app runs the jobs itself:
/// add a schedule, see its next run, run it now, see the attempt; and the Hangfire dashboard beside it.
/// </summary>
public sealed class JobsPageTests
{
    [Test]
    public async Task Data_staff_add_a_schedule_run_it_now_and_see_the_attempt_and_the_hangfire_dashboard()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true,
            new Dictionary<string, string?>
            {
                ["Impact:Jobs:Server"] = "true", ["Impact:Jobs:DropStableSeconds"] = "0",
            });
        await using var _ = app;
        using var staff = await app.ClientAsync(Roles.DataStaff);
        var drop = TempFiles.NewFolder();

        using var refused = await staff.PostFormAsync("/Jobs?handler=Add", new()
        {
            ["name"] = "drops", ["source"] = "drop-folder", ["path"] = drop, ["cron"] = "0 6 * * 1",
            ["timeZone"] = "GMT Standard Time", ["then"] = "estimate",
        }, "/Jobs");
        Assert.That(WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()),
            Does.Contain("is not a time zone Impact knows"));

        using var added = await staff.PostFormAsync("/Jobs?handler=Add", new()
        {
            ["name"] = "drops", ["source"] = "drop-folder", ["path"] = drop, ["cron"] = "0 6 * * 1",
            ["timeZone"] = "Europe/London", ["then"] = "estimate",
        }, "/Jobs");
        var html = WebUtility.HtmlDecode(await added.Content.ReadAsStringAsync());
        Assert.That(html, Does.Contain("Added drops"));
        Assert.That(html, Does.Match(@"Estimates: Run #\d+ "), "the newest estimate run, as on the overview");
        Assert.That(html, Does.Match(@"\d{4}-\d\d-\d\d 0[56]:00"), "the next run, 06:00 London in UTC");

        await File.WriteAllLinesAsync(Path.Combine(drop, "kpi-new.csv"),
            File.ReadLines(Path.Combine(RepoPaths.Root, "data-samples", "kpi.csv")).Take(3));
        using var run = await staff.PostFormAsync("/Jobs?handler=Run", new() { ["name"] = "drops" }, "/Jobs");
        Assert.That(WebUtility.HtmlDecode(await run.Content.ReadAsStringAsync()), Does.Match("Queued drops as job"));
        // The attempt is listed from its start, a moment before the file is moved: wait for both.
        bool Taken() => File.Exists(Path.Combine(drop, "processed", "kpi-new.csv"))
            || File.Exists(Path.Combine(drop, "failed", "kpi-new.csv"));
        var until = DateTime.UtcNow.AddSeconds(30);
        string page;
        do
        {
            await Task.Delay(200);
            page = await staff.GetStringAsync("/Jobs");
        } while (!(page.Contains("attempt 1", StringComparison.Ordinal) && Taken()) && DateTime.UtcNow < until);
        Assert.That(page, Does.Contain("attempt 1"), "the run-now attempt, in the latest attempts");
        Assert.That(Taken(), "the dropped file was taken");

        var audit = await new AuditLog(warehouse, TimeProvider.System)
            .LatestAsync(5, AuditActions.ScheduleChanged, CancellationToken.None);
        Assert.That(audit.Single().Subject, Is.EqualTo("drops"));
        string recurring;
        until = DateTime.UtcNow.AddSeconds(20); // servers look for changed schedules every few seconds
        do
        {
            await Task.Delay(250);
            recurring = await staff.GetStringAsync("/hangfire/recurring");
        } while (!recurring.Contains("feed:drops", StringComparison.Ordinal) && DateTime.UtcNow < until);
        Assert.That(recurring, Does.Contain("feed:drops"), "the web app's server registered the schedule");
    }
}
