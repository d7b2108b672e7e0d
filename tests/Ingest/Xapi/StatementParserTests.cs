using Impact.Ingest.Xapi;
using static Impact.Tests.Ingest.Xapi.XapiFiles;

namespace Impact.Tests.Ingest.Xapi;

public sealed class StatementParserTests
{
    static async Task<XapiStatement> OneStatementAsync(string members)
    {
        var read = (await ReadTextAsync(One(members))).Single();
        Assert.That(read.Rejection, Is.Null, () => read.Rejection!.Reason);
        return read.Statement!;
    }

    static async Task<XapiRejection> OneRejectionAsync(string members)
    {
        var read = (await ReadTextAsync(One(members))).Single();
        Assert.That(read.Statement, Is.Null, "expected a rejection");
        return read.Rejection!;
    }

    [Test]
    public async Task Written_statements_give_actor_keys_verbs_scores_and_voiding()
    {
        var reads = await ReadFileAsync(Written);
        var s = reads.Select(r => r.Statement!).ToList();
        Assert.That(s[0].Actor.Key, Is.EqualTo("mailto:ana.lopez@example.com"));
        Assert.That(s[0].Actor.Sha1Key, Is.EqualTo(ActorKey.Sha1Hex("mailto:Ana.Lopez@example.com")));
        Assert.That(s[0].VerbId, Is.EqualTo("http://adlnet.gov/expapi/verbs/passed"),
            "the verb IRI, not the misleading display text");
        Assert.That(s[0].Result!.Score, Is.EqualTo(84).Within(1e-9), "raw 42 of 0..50 wins over scaled 0.5");
        Assert.That(s[0].Result!.Duration, Is.EqualTo(TimeSpan.FromMinutes(45)));
        Assert.That(s[0].Timestamp, Is.EqualTo(new DateTimeOffset(2025, 3, 4, 8, 15, 0, TimeSpan.Zero)));
        Assert.That(s[1].Actor.Key, Is.EqualTo("account:https://lms.example.com|bo.chen"));
        Assert.That(s[1].Result!.Score, Is.EqualTo(35).Within(1e-9), "scaled alone gives the percentage");
        Assert.That(s[1].Result!.Success, Is.False);
        Assert.That(s[2].Actor.Key, Is.EqualTo("ebd31e95054c018b10727ccffd2ef2ec3a016ee9"));
        Assert.That(s[2].Object,
            Is.EqualTo(new XapiObject(XapiObjectKind.Activity, "https://lms.example.com/course/safety-basics")));
        Assert.That(s[4].IsVoiding, Is.True);
        Assert.That(s[4].Object.Id, Is.EqualTo("a1000000-0000-4000-8000-000000000004"));
        Assert.That(s[4].OccurredAt, Is.EqualTo(s[4].Stored), "no timestamp: the stored time stands in");
    }

    [Test]
    public async Task The_spec_voiding_examples_read_as_voiding_statements()
    {
        foreach (var file in new[] { "adlnet-xAPI-Spec_voiding_statement.json",
            "lrs-conformance-test-suite_v1_0_2_templates_statements_voided.json" })
        {
            var statement = (await ReadTextAsync("[" + File.ReadAllText(XapiFiles.Path(file)) + "]"))
                .Single().Statement!;
            Assert.That(statement.IsVoiding, Is.True, file);
        }
    }

    [Test]
    public async Task A_statement_without_id_gets_the_same_content_based_id_each_time()
    {
        var json = "["
            + File.ReadAllText(
            XapiFiles.Path("lrs-conformance-test-suite_v1_0_2_templates_statements_default.json")) + "]";
        var first = (await ReadTextAsync(json)).Single().Statement!;
        var second = (await ReadTextAsync(json)).Single().Statement!;
        Assert.That(Guid.TryParse(first.Id, out _), Is.True);
        Assert.That(second.Id, Is.EqualTo(first.Id));
    }

    [Test]
    public async Task Group_actors_with_an_identifier_key_on_it_and_openid_is_prefixed()
    {
        var long_ =
            (await ReadTextAsync("["
            + File.ReadAllText(XapiFiles.Path("adlnet-xAPI-Spec_appendixA_long_statement_with_stored_authority.json"))
            + "]")).Single().Statement!;
        Assert.That(long_.Actor,
            Is.EqualTo(new XapiActor("mailto:teampb@example.com", ActorKey.Sha1Hex("mailto:teampb@example.com"),
            IsGroup: true)));
        var openid =
            await OneStatementAsync("\"actor\": {\"openid\": \"http://user.openid.example.com\"}, \"verb\": {\"id\": " +
            "\"http://x.org/v\"}, " + Course);
        Assert.That(openid.Actor.Key, Is.EqualTo("openid:http://user.openid.example.com"));
    }

    [TestCase("\"actor\": {\"name\": \"No Id\"}", "actor", "no identifier")]
    [TestCase("\"actor\": {\"mbox\": \"a@example.com\"}", "actor.mbox", "not a mailto: address")]
    [TestCase("\"actor\": {\"mbox_sha1sum\": \"abc\"}", "actor.mbox_sha1sum", "40 hexadecimal")]
    [TestCase("\"actor\": {\"account\": {\"name\": \"x\"}}", "actor.account", "homePage and name")]
    public async Task Unusable_actors_are_rejected_naming_the_field(string actor, string field, string reason)
    {
        var rejection = await OneRejectionAsync(actor + ", " + Passed + ", " + Course + ", " + When);
        Assert.That(rejection.Field, Is.EqualTo(field));
        Assert.That(rejection.Reason, Does.Contain(reason));
    }

    [TestCase("\"verb\": {\"display\": {\"en-US\": \"passed\"}}", "verb.id")]
    [TestCase("\"verb\": {\"id\": \"passed\"}", "verb.id")]
    [TestCase("\"id\": \"nope\", " + Passed, "id")]
    public async Task A_verb_without_an_iri_or_a_bad_id_is_rejected(string members, string field)
    {
        var rejection = await OneRejectionAsync(Agent + ", " + members + ", " + Course + ", " + When);
        Assert.That(rejection.Field, Is.EqualTo(field));
    }

    [TestCase("\"object\": {\"objectType\": \"Activity\"}", "object.id")]
    [TestCase("\"object\": {\"objectType\": \"StatementRef\", \"id\": \"x\"}", "object.id")]
    public async Task Objects_without_a_usable_id_are_rejected(string target, string field)
    {
        var rejection = await OneRejectionAsync(Agent + ", " + Passed + ", " + target + ", " + When);
        Assert.That(rejection.Field, Is.EqualTo(field));
    }

    [Test]
    public async Task A_voided_verb_on_an_activity_is_rejected()
    {
        var rejection = await OneRejectionAsync(Agent + ", \"verb\": {\"id\": \"" + VerbMap.Voided + "\"}, " + Course
            + ", " + When);
        Assert.That(rejection.Reason, Does.Contain("StatementRef"));
    }

    [TestCase("{\"scaled\": 1.5}", "result.score.scaled", "outside -1..1")]
    [TestCase("{\"raw\": 60, \"min\": 0, \"max\": 50}", "result.score.raw", "outside min..max")]
    [TestCase("{\"raw\": 1, \"min\": 5, \"max\": 5}", "result.score.max", "not above min")]
    [TestCase("{\"raw\": \"ten\"}", "result.score.raw", "not a number")]
    public async Task Scores_the_spec_forbids_are_rejected_not_guessed(string score, string field, string reason)
    {
        var rejection = await OneRejectionAsync(Agent + ", " + Passed + ", " + Course + ", " + When
            + ", \"result\": {\"score\": " + score + "}");
        Assert.That(rejection.Field, Is.EqualTo(field));
        Assert.That(rejection.Reason, Does.Contain(reason));
    }

    [Test]
    public async Task A_raw_score_without_its_range_gives_no_percentage()
    {
        var statement = await OneStatementAsync(Agent + ", " + Passed + ", " + Course + ", " + When
            + ", \"result\": {\"score\": {\"raw\": 7}}");
        Assert.That(statement.Result!.Score, Is.Null);
    }

    [TestCase("\"result\": {\"success\": \"yes\"}", "result.success")]
    [TestCase("\"result\": {\"duration\": \"45 minutes\"}", "result.duration")]
    [TestCase("\"timestamp\": \"yesterday\"", "timestamp")]
    public async Task Bad_result_fields_and_times_are_rejected_naming_the_field(string member, string field)
    {
        var rejection = await OneRejectionAsync(Agent + ", " + Passed + ", " + Course + ", " + member);
        Assert.That(rejection.Field, Is.EqualTo(field));
    }

    [Test]
    public async Task A_completion_verb_without_any_time_is_rejected_but_other_verbs_are_kept()
    {
        var rejection = await OneRejectionAsync(Agent + ", " + Passed + ", " + Course);
        Assert.That(rejection.Field, Is.EqualTo("timestamp"));
        var kept = await OneStatementAsync(Agent
            + ", \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/attended\"}, " + Course);
        Assert.That(kept.OccurredAt, Is.Null);
    }
}
