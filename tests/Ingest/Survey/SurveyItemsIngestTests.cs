using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Survey;

/// <summary>Survey items: the question behind each column, checked, corrected by a re-ingest, on every engine.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class SurveyItemsIngestTests(Engine engine)
{
    [Test]
    public async Task Questions_are_stored_checked_by_line_and_field_and_corrected_by_a_re_ingest()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var first = await RunAsync(w, "survey-items", File("""
            item,question
            feel_valued,I feel valued for the work I do
            ,An item without a column
            intend_to_stay,
            manager_support,My manager supports me
            """));
        Assert.That((first.Stored, first.Rejected), Is.EqualTo((2L, 2L)));
        Assert.That(first.FirstRejections.Select(r => (r.Line, r.Field)),
            Is.EqualTo(new[] { (3L, "item"), (4L, "question") }));

        var again = await RunAsync(w, "survey-items", File("""
            item,question
            feel_valued,I feel valued for the work I do
            manager_support,My manager supports me when I need it
            """));
        Assert.That((again.Stored, again.Updated, again.Unchanged), Is.EqualTo((0L, 1L, 1L)));
        Assert.That(await QueryAsync<string>(w, "SELECT question FROM survey_items ORDER BY item"),
            Is.EqualTo(new[] { "I feel valued for the work I do", "My manager supports me when I need it" }));
    }
}
