using Impact.Ingest.Survey;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Survey;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class SurveyIngestTests(Engine engine)
{
    const string Survey = """
        respondent_id,team_id,submitted_on,I am proud to work here,I would recommend my manager,enps
        E1,T1,2025-03-02,4,5,9
        ,T1,2025-03-02,3,3,6
        ,T1,2025-03-02,3,3,6
        E2,T1,2025-03-03,,2,
        E3,T1,2025-03-03,7,2,5
        E4,T1,2025-03-03,4,4,11
        """;

    [Test]
    public async Task Survey_is_stored_apart_and_rerunning_adds_nothing_even_for_anonymous_rows()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var path = File(Survey);
        var s = await RunAsync(w, "survey", path);
        Assert.That((s.Stored, s.Rejected), Is.EqualTo((4L, 2L)), s.Describe());
        Assert.That(s.FirstRejections.Select(r => (r.Line, r.Field)),
            Is.EqualTo(new[] { (6L, "I am proud to work here"), (7L, "enps") }));
        Assert.That(await CountAsync(w, "survey_answers"), Is.EqualTo(7));
        Assert.That(await QueryAsync<int>(w, "SELECT COUNT(*) FROM survey_responses WHERE respondent_id IS NULL"),
            Is.EqualTo(new[] { 2 }), "identical anonymous rows stay two");

        var again = await RunAsync(w, "survey", path);
        Assert.That((again.Stored, again.Unchanged), Is.EqualTo((0L, 4L)));
        Assert.That(await CountAsync(w, "survey_responses"), Is.EqualTo(4));
        Assert.That(await CountAsync(w, "kpi_observations") + await CountAsync(w, "metrics"), Is.Zero,
            "engagement never becomes a performance metric");
    }

    [Test]
    public async Task Glint_export_is_read_with_its_profile_without_names_emails_or_comments()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "ingest", "glint",
            "survey_export.csv");
        var s = await RunAsync(w, "survey", path, Quiet with { Profile = "glint" });
        Assert.That((s.Read, s.Stored, s.ExitCode), Is.EqualTo((6L, 6L, 0)), s.Describe());
        var items = await QueryAsync<string>(w, "SELECT DISTINCT item FROM survey_answers ORDER BY item");
        Assert.That(items, Is.EqualTo(new[] { "I feel valued", "My work is meaningful" }));
        Assert.That(await QueryAsync<string>(w, "SELECT DISTINCT submitted_on FROM survey_responses"),
            Is.EqualTo(new[] { "2024-03-26" }));
        Assert.That(await QueryAsync<int>(w, "SELECT COUNT(*) FROM survey_answers WHERE comment IS NOT NULL"),
            Is.EqualTo(new[] { 0 }));
        Assert.That(await QueryAsync<string>(w, "SELECT team_id FROM survey_responses WHERE respondent_id = 'E1'"),
            Is.EqualTo(new[] { "E5" }));
    }

    [Test]
    public async Task Named_respondents_are_pseudonymised_and_a_corrected_answer_updates()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var key =
            Quiet with { Pseudonymizer = Impact.Ingest.Pipeline.Pseudonymizer.FromKey("survey-test-secret-key-123") };
        await RunAsync(w, "survey", File("respondent_id,team_id,submitted_on,Q1\nE1,T1,2025-03-02,4\n"), key);
        var corrected = await RunAsync(w, "survey",
            File("respondent_id,team_id,submitted_on,Q1\nE1,T1,2025-03-02,5\n"), key);
        Assert.That((corrected.Updated, corrected.Stored), Is.EqualTo((1L, 0L)));
        Assert.That(await QueryAsync<string>(w, "SELECT respondent_id FROM survey_responses"),
            Is.EqualTo(new[] { key.Pseudonymizer!.Employee("E1") }));
        Assert.That(await QueryAsync<int>(w, "SELECT score FROM survey_answers"), Is.EqualTo(new[] { 5 }));
    }

    [Test]
    public async Task Glint_comments_are_stored_only_when_asked()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "ingest", "glint",
            "survey_export.csv");
        await RunAsync(w, "survey", path, Quiet with { Profile = "glint", KeepComments = true });
        var comments = await QueryAsync<string>(w,
            "SELECT comment FROM survey_answers WHERE comment IS NOT NULL ORDER BY comment");
        Assert.That(comments, Does.Contain("Great").And.Contain("Thanks"));
    }
}

public sealed class GroupSizeRuleTests
{
    [Test]
    public void Groups_below_the_default_minimum_of_five_are_hidden()
    {
        var shown = GroupSizeRule.Standard.Visible([("T1", 4), ("T2", 5), ("T3", 12)], g => g.Item2, out var hidden);
        Assert.That((shown.Select(g => g.Item1), hidden),
            Is.EqualTo((new[] { "T2", "T3" }, 1)).Using<(IEnumerable<string>, int)>((a, b) =>
            a.Item1.SequenceEqual(b.Item1) && a.Item2 == b.Item2));
    }

    [Test]
    public void A_minimum_below_three_is_refused_with_a_sentence()
    {
        var e = Assert.Throws<ImpactException>(() => GroupSizeRule.Of(2))!;
        Assert.That(e.Message, Does.Contain("never be below 3"));
        Assert.That(GroupSizeRule.Parse("3").Shows(3), Is.True);
        Assert.That(GroupSizeRule.Parse(null).Minimum, Is.EqualTo(5));
        Assert.Throws<ImpactException>(() => GroupSizeRule.Parse("five"));
    }
}
