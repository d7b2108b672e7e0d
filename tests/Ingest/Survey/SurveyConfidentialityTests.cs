using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using static Impact.Tests.Ingest.IngestTestKit;
using DataPage = Impact.Dashboard.Pages.Data.IndexModel;
using EngagementPage = Impact.Dashboard.Pages.Engagement.IndexModel;

namespace Impact.Tests.Ingest.Survey;

/// <summary>
/// Survey answers stay confidential by construction: a refused row keeps no answers (line, field, reason
/// and the respondent's pseudonym only), a response stays with the team it was given in, and with
/// pseudonymisation on no refused row of any source keeps a raw identifier.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class SurveyConfidentialityTests(Engine engine)
{
    static readonly IngestOptions Keyed =
        Quiet with { Pseudonymizer = Pseudonymizer.FromKey("confidential-test-key-0123456789") };

    [Test]
    public async Task A_refused_survey_row_keeps_no_answer_and_names_the_respondent_by_pseudonym_only()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var survey = "respondent_id,team_id,submitted_on,Q1,Q2,enps\nE7,T1,2025-03-02,4,9,8\nE8,T1,03/02/2025,4,2,13\n";
        var s = await RunAsync(w, "survey", File(survey), Keyed);

        Assert.That(s.Rejected, Is.EqualTo(2), s.Describe());
        var kept = await QueryAsync<(string Field, string Reason, string? Raw, string? Subject)>(w,
            "SELECT field, reason, raw, subject FROM ingest_rejections ORDER BY line");
        Assert.That(kept.Select(r => r.Field), Is.EqualTo(new[] { "Q2", "submitted_on" }));
        Assert.That(kept.Select(r => r.Raw), Has.All.Null, "no answer is kept");
        Assert.That(kept.Select(r => r.Reason), Has.None.Contain("9").And.None.Contain("03/02"),
            "the reason quotes no value");
        var pseudonym = Keyed.Pseudonymizer!;
        Assert.That(kept.Select(r => r.Subject),
            Is.EqualTo(new[] { pseudonym.Employee("E7"), pseudonym.Employee("E8") }));

        var page = await DataPage.Query.RunAsync(w, s.RunId, CancellationToken.None);
        Assert.That(page.Rejections.Select(r => r.Raw), Has.All.Null, "the Data page has no answer to show");
    }

    [Test]
    public async Task A_correction_naming_another_team_keeps_the_response_in_its_team_and_the_groups_as_published()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var first = new System.Text.StringBuilder("respondent_id,team_id,submitted_on,Q1\n");
        for (var i = 0; i < 5; i++) first.Append($"A{i},TA,2025-03-02,{1 + i % 5}\n");
        for (var i = 0; i < 5; i++) first.Append($"B{i},TB,2025-03-02,{5 - i % 3}\n");
        await RunAsync(w, "survey", File(first.ToString()));
        var published = await EngagementPage.Query.RunAsync(w, GroupSizeRule.Standard, CancellationToken.None);

        // A0 "moves" to TB with a changed answer: re-cutting TB (5 → 6) would reveal A0's answer by
        // subtraction, and TA (5 → 4) would vanish from the page.
        var moved = "respondent_id,team_id,submitted_on,Q1\nA0,TB,2025-03-02,4\n";
        var correction = await RunAsync(w, "survey", File(moved));

        Assert.That(correction.Updated, Is.EqualTo(1), "the answer itself is corrected");
        Assert.That(correction.Notes, Has.Some.Contain("name another team than when first loaded"));
        Assert.That(await QueryAsync<string>(w, "SELECT team_id FROM survey_responses WHERE respondent_id = 'A0'"),
            Is.EqualTo(new[] { "TA" }));
        var after = await EngagementPage.Query.RunAsync(w, GroupSizeRule.Standard, CancellationToken.None);
        var (before, now) = (published.Surveys.Single().Groups, after.Surveys.Single().Groups);
        Assert.That(now.Select(g => (g.TeamId, g.Responses, g.Hidden)),
            Is.EqualTo(before.Select(g => (g.TeamId, g.Responses, g.Hidden))));
        Assert.That(now.Single(g => g.TeamId == "TB").Items["Q1"],
            Is.EqualTo(before.Single(g => g.TeamId == "TB").Items["Q1"]),
            "TB's numbers do not move when someone else's answer is corrected");
    }

    [Test]
    public async Task With_pseudonymisation_on_no_refused_row_of_any_source_keeps_a_raw_identifier()
    {
        var w = await IngestTestKit.WithMetricsAsync(engine);
        await RunAsync(w, "employees",
            File("employee_id,team_id,hire_date,manager_id\nRAW-EMP-1,T1,2020-13-45,RAW-MGR-1\n"), Keyed);
        await RunAsync(w, "completions",
            File("employee_id,intervention_id,completed_on,status\nRAW-EMP-2,c1,2025-01-01,maybe\n"), Keyed);
        await RunAsync(w, "kpi",
            File("metric_id,subject_id,period_start,value\nsales,RAW-EMP-3,2025-01-01,lots\n"), Keyed);
        await RunAsync(w, "identities", File("actor,employee_id\nraw-actor@example.com,RAW-EMP-4\n"), Keyed);
        await RunAsync(w, "survey", File("respondent_id,team_id,submitted_on,Q1\nRAW-EMP-5,T1,2025-03-02,9\n"), Keyed);
        const string Statement = """
            [{"actor": {"mbox": "mailto:raw-actor@example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
              "object": {"id": "https://x.example/c"}, "timestamp": "2025-01-01T00:00:00Z"}]
            """;
        await RunAsync(w, "xapi", File(Statement, ".json"), Keyed);

        var rejected = await QueryAsync<(string? Field, string Reason, string? Raw)>(w,
            "SELECT field, reason, raw FROM ingest_rejections");
        Assert.That(rejected, Has.Count.EqualTo(6));
        Assert.That(rejected.Select(r => r.Raw), Has.All.Null);
        Assert.That(rejected.Select(r => r.Reason + r.Field), Has.None.Contain("RAW-").And.None.Contain("raw-actor"));
    }
}
