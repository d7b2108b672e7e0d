using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Survey;

/// <summary>
/// Survey responses are counted exactly whichever way a batch is written (set-based on PostgreSQL and SQL
/// Server, row by row on SQLite and for a batch that repeats a response): a changed answer alone makes its
/// response updated, and a correction naming another team is noted and keeps the first team.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class SurveyBatchCountsTests(Engine engine)
{
    [Test]
    public async Task New_changed_unchanged_moved_and_repeated_responses_are_counted_as_row_by_row_would()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var options = Quiet with { BatchSize = 3 };
        await RunAsync(w, "survey", File("""
            respondent_id,team_id,submitted_on,survey_id,Q1,Q2,enps
            E1,T1,2025-03-02,S,4,5,9
            E2,T1,2025-03-02,S,3,3,6
            E3,T1,2025-03-02,S,2,,5
            E4,T1,2025-03-02,S,4,,7
            """), options);

        // Batch 1: unchanged, an answer changed under another team, enps changed. Batch 2: a first answer to
        // Q2, a new response, unchanged again. Batch 3: one response twice (written row by row).
        var s = await RunAsync(w, "survey", File("""
            respondent_id,team_id,submitted_on,survey_id,Q1,Q2,enps
            E1,T1,2025-03-02,S,4,5,9
            E2,T2,2025-03-02,S,4,3,6
            E3,T1,2025-03-02,S,2,,8
            E4,T1,2025-03-02,S,4,1,7
            E5,T1,2025-03-03,S,5,5,10
            E1,T1,2025-03-02,S,4,5,9
            E6,T2,2025-03-03,S,1,,0
            E6,T2,2025-03-03,S,2,,0
            """), options);

        Assert.That((s.Read, s.Stored, s.Updated, s.Unchanged, s.Rejected), Is.EqualTo((8L, 2L, 4L, 2L, 0L)),
            s.Describe());
        Assert.That(s.Notes, Has.Some.StartsWith("1 corrected responses name another team"));
        var responses = await QueryAsync<(string, string, int?)>(w,
            "SELECT respondent_id, team_id, enps FROM survey_responses ORDER BY respondent_id");
        Assert.That(responses, Is.EqualTo(new (string, string, int?)[]
        {
            ("E1", "T1", 9), ("E2", "T1", 6), ("E3", "T1", 8), ("E4", "T1", 7), ("E5", "T1", 10), ("E6", "T2", 0),
        }));
        var answers = await QueryAsync<(string, string, int)>(w,
            "SELECT r.respondent_id, a.item, a.score FROM survey_answers a JOIN survey_responses r " +
            "ON r.response_id = a.response_id ORDER BY r.respondent_id, a.item");
        Assert.That(answers, Is.EqualTo(new (string, string, int)[]
        {
            ("E1", "Q1", 4), ("E1", "Q2", 5), ("E2", "Q1", 4), ("E2", "Q2", 3), ("E3", "Q1", 2), ("E4", "Q1", 4),
            ("E4", "Q2", 1), ("E5", "Q1", 5), ("E5", "Q2", 5), ("E6", "Q1", 2),
        }));
    }
}
