using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Profiles;

/// <summary>LMS exports through profiles (data files, not code), on SQLite: the warehouse side is covered per engine
/// elsewhere.</summary>
public sealed class LmsProfileTests
{
    static string Data(string file) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "ingest", "lms", file);

    [Test]
    public async Task Moodle_completion_export_is_read_with_the_moodle_profile()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var s = await RunAsync(w, "completions", Data("moodle_course_completion.csv"),
            Quiet with { Profile = "moodle" });
        Assert.That((s.Read, s.Stored, s.Rejected), Is.EqualTo((4L, 3L, 1L)), s.Describe());
        Assert.That(s.FirstRejections[0].Field, Is.EqualTo("Completed"), "the rejection names the export's column");
        var rows = await QueryAsync<(string Employee, string Course, string On, string Status, double? Score,
            string Source)>(w,
            "SELECT employee_id, intervention_id, completed_on, status, score, source FROM completions ORDER BY " +
            "employee_id");
        Assert.That(rows, Is.EqualTo(new[]
        {
            ("E1", "NEG101", "2023-03-14", "completed", (double?)88.5, "moodle"),
            ("E2", "NEG101", "2023-03-06", "in_progress", null, "moodle"),
            ("E3", "NEG101", "2023-03-17", "completed", null, "moodle"),
        }));
    }

    [Test]
    public async Task SuccessFactors_learning_history_is_read_with_its_profile()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var s = await RunAsync(w, "completions", Data("successfactors_learning_history.csv"),
            Quiet with { Profile = "successfactors" });
        Assert.That((s.Stored, s.ExitCode), Is.EqualTo((3L, 0)), s.Describe());
        var rows = await QueryAsync<(string On, string Status)>(w,
            "SELECT completed_on, status FROM completions ORDER BY employee_id");
        Assert.That(rows,
            Is.EqualTo(new[] { ("2024-11-23", "passed"), ("2024-11-24", "failed"), ("2024-12-01", "completed") }));
    }

    [Test]
    public async Task A_users_own_profile_file_maps_their_columns()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var profile = File("""
            { "name": "acme-lms", "source": "completions",
              "columns": { "employee_id": "Staff no", "intervention_id": "Module", "completed_on": "Done on" },
              "defaults": { "status": "completed" }, "date_format": "dd.MM.yyyy" }
            """, ".json");
        var s = await RunAsync(w, "completions", File("Staff no;Module;Done on\nE1;M1;03.02.2025\n"),
            Quiet with { Profile = profile });
        Assert.That((s.Stored, s.ExitCode), Is.EqualTo((1L, 0)), s.Describe());
        Assert.That(await QueryAsync<string>(w,
            "SELECT completed_on || ' ' || status || ' ' || source FROM completions"),
            Is.EqualTo(new[] { "2025-02-03 completed acme-lms" }));
    }

    [Test]
    public async Task A_profile_for_another_source_or_an_unknown_profile_is_one_sentence()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var wrong = await RunAsync(w, "completions", Data("moodle_course_completion.csv"),
            Quiet with { Profile = "glint" });
        Assert.That((wrong.ExitCode, wrong.Message), Is.EqualTo((1,
            "the shipped profile 'glint' is for 'survey' files, not 'completions': " +
            "use 'impact ingest survey ... --profile glint'.")));
        var unknown = await RunAsync(w, "completions", Data("moodle_course_completion.csv"),
            Quiet with { Profile = "blackboard" });
        Assert.That(unknown.Message,
            Does.StartWith("There is no profile 'blackboard'").And.Contain("moodle, successfactors"));
    }

    [Test]
    public async Task A_local_date_format_is_accepted_beside_iso()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var s = await RunAsync(w, "completions",
            File("employee_id,intervention_id,completed_on,status\nE1,I1,2025-02-03,completed\n" +
            "E2,I1,04/02/2025,completed\n"),
            Quiet with { DateFormat = "dd/MM/yyyy" });
        Assert.That(s.Stored, Is.EqualTo(2), s.Describe());
        Assert.That(await QueryAsync<string>(w, "SELECT completed_on FROM completions ORDER BY employee_id"),
            Is.EqualTo(new[] { "2025-02-03", "2025-02-04" }));
    }
}
