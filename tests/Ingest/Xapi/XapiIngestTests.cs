using Impact.Ingest.Pipeline;
using Impact.Ingest.Xapi;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Xapi;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class XapiIngestTests(Engine engine)
{
    public const string Identities =
        "actor,employee_id\nmailto:ana.lopez@example.com,E1\naccount:https://lms.example.com|bo.chen,E2\n" +
        "ebd31e95054c018b10727ccffd2ef2ec3a016ee9,E3\n";

    const string Sales = "https://lms.example.com/course/sales-101";
    const string Safety = "https://lms.example.com/course/safety-basics";

    static string Statement(string id, string verb, string mbox, string activity, string time, string? extra = null) =>
        "{\"id\": \"" + id + "\", \"actor\": {\"mbox\": \"mailto:" + mbox
        + "\"}, \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/" + verb
        + "\"}, \"object\": {\"id\": \"" + activity + "\"}, \"timestamp\": \"" + time + "\"" + extra + "}";

    static string Voiding(string id, string target) =>
        "{\"id\": \"" + id + "\", \"actor\": {\"mbox\": \"mailto:admin@example.com\"}, \"verb\": {\"id\": \""
        + VerbMap.Voided
        + "\"}, \"object\": {\"objectType\": \"StatementRef\", \"id\": \"" + target + "\"}}";

    static string Json(params string[] statements) => File("[\n" + string.Join(",\n", statements) + "\n]", ".json");

    async Task<Database> WithIdentitiesAsync(IngestOptions? options = null)
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var s = await RunAsync(w, "identities", File(Identities), options);
        Assert.That((s.Stored, s.ExitCode), Is.EqualTo((3L, 0)), s.Describe());
        return w;
    }

    async Task<List<(string EmployeeId, string InterventionId, string CompletedOn, string Status, double? Score,
        string Source)>> CompletionsAsync(Database w) =>
        await QueryAsync<(string, string, string, string, double?, string)>(w,
            "SELECT employee_id, intervention_id, completed_on, status, score, source FROM completions ORDER BY " +
            "employee_id, intervention_id, completed_on");

    [Test]
    public async Task Statements_become_completions_voided_ones_do_not_and_unmapped_actors_are_quarantined()
    {
        var w = await WithIdentitiesAsync();
        var s = await RunAsync(w, "xapi", XapiFiles.Path(XapiFiles.Written));

        Assert.That((s.Read, s.Stored, s.Rejected, s.ExitCode, s.Reconciles), Is.EqualTo((6L, 5L, 1L, 2, true)),
            s.Describe());
        Assert.That(await CompletionsAsync(w), Is.EqualTo(new[]
        {
            ("E1", Sales, "2025-03-04", "passed", (double?)84.0, "xapi"),
            ("E2", Sales, "2025-03-05", "failed", 35.0, "xapi"),
            ("E3", Safety, "2025-03-06", "completed", null, "xapi"),
        }));
        var voided = await QueryAsync<int>(w,
            "SELECT voided FROM xapi_statements WHERE statement_id = 'a1000000-0000-4000-8000-000000000004'");
        Assert.That(voided, Is.EqualTo(new[] { 1 }));
        var rejection = (await QueryAsync<(long Line, string Field, string Reason)>(w,
            "SELECT line, field, reason FROM ingest_rejections WHERE run_id = @RunId", new { s.RunId })).Single();
        Assert.That(rejection.Field, Is.EqualTo("actor"));
        Assert.That(rejection.Reason, Does.Contain("statement 6 (a1000000-0000-4000-8000-000000000006)")
            .And.Contain("mailto:nobody.mapped@example.com is not in the identity map"));
        Assert.That(await QueryAsync<string>(w, "SELECT kind FROM interventions ORDER BY intervention_id"),
            Is.EqualTo(new[] { "elearning", "elearning" }));
    }

    [Test]
    public async Task The_same_statements_twice_add_nothing()
    {
        var w = await WithIdentitiesAsync();
        await RunAsync(w, "xapi", XapiFiles.Path(XapiFiles.Written));
        var again = await RunAsync(w, "xapi", XapiFiles.Path(XapiFiles.Written));
        Assert.That((again.Read, again.Stored, again.Updated, again.Unchanged, again.Rejected),
            Is.EqualTo((6L, 0L, 0L, 5L, 1L)), again.Describe());
        Assert.That(await CountAsync(w, "xapi_statements"), Is.EqualTo(5));
        Assert.That(await CountAsync(w, "completions"), Is.EqualTo(3));
    }

    [Test]
    public async Task A_voiding_statement_in_a_later_run_removes_the_completion_and_the_next_best_stands()
    {
        var w = await WithIdentitiesAsync();
        await RunAsync(w, "xapi", Json(
            Statement("c1000000-0000-4000-8000-000000000001", "attempted", "ana.lopez@example.com", Sales,
                "2025-04-01T08:00:00Z"),
            Statement("c1000000-0000-4000-8000-000000000002", "passed", "ana.lopez@example.com", Sales,
                "2025-04-01T09:00:00Z",
                ", \"result\": {\"score\": {\"scaled\": 0.9}}"),
            Statement("c1000000-0000-4000-8000-000000000003", "completed", "ana.lopez@example.com", Safety,
                "2025-04-02T09:00:00Z")));
        Assert.That((await CompletionsAsync(w)).Select(c => (c.InterventionId, c.Status)),
            Is.EqualTo(new[] { (Safety, "completed"), (Sales, "passed") }));

        var voiding = await RunAsync(w, "xapi", Json(
            Voiding("c1000000-0000-4000-8000-0000000000a2", "c1000000-0000-4000-8000-000000000002"),
            Voiding("c1000000-0000-4000-8000-0000000000a3", "c1000000-0000-4000-8000-000000000003")));
        Assert.That((voiding.Stored, voiding.ExitCode), Is.EqualTo((2L, 0)), voiding.Describe());
        Assert.That(await CompletionsAsync(w),
            Is.EqualTo(new[] { ("E1", Sales, "2025-04-01", "in_progress", (double?)null, "xapi") }));
    }

    [Test]
    public async Task A_voiding_statement_that_arrives_before_its_target_still_voids_it()
    {
        var w = await WithIdentitiesAsync();
        await RunAsync(w, "xapi",
            Json(Voiding("d1000000-0000-4000-8000-0000000000a1", "d1000000-0000-4000-8000-000000000001")));
        var s = await RunAsync(w, "xapi",
            Json(Statement("d1000000-0000-4000-8000-000000000001", "completed", "ana.lopez@example.com", Sales,
            "2025-04-01T08:00:00Z")));
        Assert.That(s.Stored, Is.EqualTo(1));
        Assert.That(await CountAsync(w, "completions"), Is.Zero);
    }

    [Test]
    public async Task Completions_from_a_csv_export_are_never_overwritten_or_removed_by_xapi()
    {
        var w = await WithIdentitiesAsync();
        await using (var db = await w.OpenAsync(CancellationToken.None))
            await Dapper.SqlMapper.ExecuteAsync(db,
                "INSERT INTO completions (employee_id, intervention_id, completed_on, status, score, source) VALUES " +
                "('E1', @Sales, '2025-04-01', 'completed', 70, 'completions')",
                new { Sales });
        await RunAsync(w, "xapi", Json(
            Statement("e1000000-0000-4000-8000-000000000001", "failed", "ana.lopez@example.com", Sales,
                "2025-04-01T08:00:00Z"),
            Voiding("e1000000-0000-4000-8000-0000000000a1", "e1000000-0000-4000-8000-000000000001")));
        Assert.That(await CompletionsAsync(w),
            Is.EqualTo(new[] { ("E1", Sales, "2025-04-01", "completed", (double?)70.0, "completions") }));
    }

    [Test]
    public async Task A_configured_activity_prefix_gives_short_intervention_ids()
    {
        var w = await WithIdentitiesAsync();
        await RunAsync(w, "xapi", XapiFiles.Path(XapiFiles.Written),
            Quiet with { XapiActivityPrefix = "https://lms.example.com/course/" });
        Assert.That((await CompletionsAsync(w)).Select(c => c.InterventionId),
            Is.EqualTo(new[] { "sales-101", "sales-101", "safety-basics" }));
        Assert.That(await QueryAsync<string>(w,
            "SELECT intervention_id FROM xapi_statements WHERE statement_id = 'a1000000-0000-4000-8000-000000000001'"),
            Is.EqualTo(new[] { "sales-101" }));
    }

    [Test]
    public async Task Malformed_json_late_in_a_file_stores_nothing_even_across_batches()
    {
        var w = await WithIdentitiesAsync();
        var statements = Enumerable.Range(1, 6)
            .Select(i =>
                Statement($"f1000000-0000-4000-8000-00000000000{i}", "completed", "ana.lopez@example.com", Sales,
                $"2025-04-0{i}T08:00:00Z"))
            .Append("{\"id\": broken}").ToArray();
        var s = await RunAsync(w, "xapi", Json(statements), Quiet with { BatchSize = 2 });
        Assert.That(s.ExitCode, Is.EqualTo(1));
        Assert.That(s.Message, Does.Contain("the JSON is not well formed at line 8").And.Contain("(statement 7)"));
        Assert.That(await CountAsync(w, "xapi_statements"), Is.Zero);
        Assert.That(await CountAsync(w, "completions"), Is.Zero);
    }

    [Test]
    public async Task A_dry_run_counts_like_a_real_run_and_stores_nothing()
    {
        var w = await WithIdentitiesAsync();
        var dry = await RunAsync(w, "xapi", XapiFiles.Path(XapiFiles.Written), Quiet with { DryRun = true });
        Assert.That((dry.Read, dry.Stored, dry.Rejected, dry.ExitCode), Is.EqualTo((6L, 5L, 1L, 2)));
        Assert.That(await CountAsync(w, "xapi_statements"), Is.Zero);
        Assert.That(await CountAsync(w, "completions"), Is.Zero);
    }

    [Test]
    public async Task With_a_pseudonym_key_no_raw_actor_or_employee_id_is_stored()
    {
        var options = Quiet with { Pseudonymizer = Pseudonymizer.FromKey("a-test-key-of-enough-length") };
        var w = await WithIdentitiesAsync(options);
        var s = await RunAsync(w, "xapi", XapiFiles.Path(XapiFiles.Written), options);
        Assert.That(s.Stored, Is.EqualTo(5));
        var stored = await QueryAsync<string>(w,
            "SELECT actor_key FROM identities UNION ALL SELECT employee_id FROM identities " +
            "UNION ALL SELECT actor_key FROM xapi_statements UNION ALL SELECT employee_id FROM completions");
        Assert.That(stored, Has.Count.EqualTo(3 + 3 + 5 + 3).And.All.Match("^p_[0-9a-f]{32}$"),
            "3 identities (actor and employee), 5 statements, 3 completions");
        Assert.That((await CompletionsAsync(w)).Select(c => c.EmployeeId),
            Does.Contain(options.Pseudonymizer.Employee("E1")));
        // Both columns, not one concatenated in SQL: || is not concatenation on SQL Server.
        var quarantined = await QueryAsync<(string Reason, string? Raw)>(w,
            "SELECT reason, raw FROM ingest_rejections WHERE run_id = @RunId", new { s.RunId });
        Assert.That(quarantined.Single().Reason + quarantined.Single().Raw, Does.Not.Contain("@example.com"));
    }

    [Test]
    public async Task Identity_rows_are_checked_and_a_corrected_row_updates_the_map()
    {
        var w = await WithIdentitiesAsync();
        var s = await RunAsync(w, "identities", File(
            "actor;employee_id\r\nana@example.com;X1\r\nmailto:b@example.com;\r\nMAILTO:Ana.Lopez@example.com;E9\r\n" +
            "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9;E3\r\n"));
        Assert.That((s.Read, s.Updated, s.Unchanged, s.Rejected), Is.EqualTo((4L, 1L, 1L, 2L)), s.Describe());
        Assert.That(s.FirstRejections.Select(r => (r.Line, r.Field)),
            Is.EqualTo(new[] { (2L, "actor"), (3L, "employee_id") }));
        Assert.That(await QueryAsync<string>(w,
            "SELECT employee_id FROM identities WHERE actor_key = 'mailto:ana.lopez@example.com'"),
            Is.EqualTo(new[] { "E9" }));
    }

    static XapiLrsSource Lrs(FakeLrs lrs, int pageSize = 500) =>
        new(new LrsOptions(lrs.BaseUrl, FakeLrs.Key, FakeLrs.Secret, pageSize), Http);

    static readonly HttpClient Http = new();

    static Task<IngestSummary> RunLrsAsync(Database w, FakeLrs lrs, int pageSize = 500) =>
        IngestRunner.RunAsync(w, Lrs(lrs, pageSize), Quiet, CancellationToken.None);

    static Task<List<string>> WatermarksAsync(Database w) =>
        QueryAsync<string>(w, "SELECT watermark FROM source_watermarks");

    /// <summary>Statement ids of an LRS test: its series (e5, e6, e7) and a number.</summary>
    static string Id(string series, int n) => $"{series}000000-0000-4000-8000-{n:D12}";

    static System.Text.Json.Nodes.JsonObject Parsed(string statement) =>
        System.Text.Json.Nodes.JsonNode.Parse(statement)!.AsObject();

    [Test]
    public async Task An_lrs_run_stores_statements_and_its_watermark_and_the_next_run_asks_only_for_news()
    {
        var w = await WithIdentitiesAsync();
        await using var lrs = new FakeLrs(FakeLrs.RealStatements());
        var url = lrs.BaseUrl.AbsoluteUri;
        var key = new LrsOptions(lrs.BaseUrl, FakeLrs.Key, FakeLrs.Secret).SourceKey;
        var signedIn = Quiet with { Lrs = new LrsCredentials(FakeLrs.Key, FakeLrs.Secret) };
        var dry = await XapiIngest.RunLrsAsync(w, url, signedIn with { DryRun = true }, CancellationToken.None, Http);
        Assert.That((dry.Read, dry.Stored, dry.ExitCode), Is.EqualTo((22L, 4L, 2)), dry.Describe());
        Assert.That(await CountAsync(w, "source_watermarks"), Is.Zero, "a dry run leaves the watermark alone");
        Assert.That((await CountAsync(w, "xapi_statements"), await CountAsync(w, "completions")), Is.EqualTo((0L, 0L)));

        var first = await XapiIngest.RunLrsAsync(w, url, signedIn, CancellationToken.None, Http);
        // 23 stored in the LRS, one of them voided, which an LRS does not return; the anonymous group and
        // every actor not in the map are quarantined.
        Assert.That((first.Read, first.Stored, first.ExitCode, first.Reconciles), Is.EqualTo((22L, 4L, 2, true)),
            first.Describe());
        Assert.That(await CompletionsAsync(w), Has.Count.EqualTo(3));
        Assert.That(await QueryAsync<string>(w, "SELECT watermark FROM source_watermarks WHERE source_key = @key",
            new { key }),
            Is.EqualTo(new[] { "2025-03-09T10:00:01.000Z" }));

        var second = await XapiIngest.RunLrsAsync(w, url, signedIn, CancellationToken.None, Http);
        Assert.That((second.Read, second.ExitCode), Is.EqualTo((0L, 0)), second.Describe());
        Assert.That(lrs.Requests.Last().PathAndQuery, Does.Contain("since=2025-03-09T10%3A00%3A01.000Z"));

        var wrongSecret = signedIn with { Lrs = new LrsCredentials(FakeLrs.Key, "wrong") };
        lrs.Add(Parsed(Statement("g1000000-0000-4000-8000-000000000001", "completed", "ana.lopez@example.com", Safety,
            "2025-05-01T08:00:00Z", ", \"stored\": \"2025-05-01T08:00:01Z\"")));
        var refused = await XapiIngest.RunLrsAsync(w, url, wrongSecret, CancellationToken.None, Http);
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Describe());
        Assert.That(refused.Message, Does.Contain("refused the credentials"));
        Assert.That(await WatermarksAsync(w), Is.EqualTo(new[] { "2025-03-09T10:00:01.000Z" }));
    }

    [Test]
    public async Task A_voiding_statement_read_from_the_lrs_in_a_later_run_removes_the_completion()
    {
        var w = await WithIdentitiesAsync();
        await using var lrs = new FakeLrs([]);
        lrs.Store(LrsFeedTests.NewStatement(Id("e5", 1), null, Safety));
        var first = await RunLrsAsync(w, lrs);
        Assert.That((first.Stored, await CountAsync(w, "completions")), Is.EqualTo((1L, 1L)), first.Describe());

        lrs.Store(Parsed(Voiding(Id("e5", 0xa1), Id("e5", 1))));
        var second = await RunLrsAsync(w, lrs);
        Assert.That((second.Read, second.Stored, second.ExitCode), Is.EqualTo((1L, 1L, 0)),
            "only the voiding statement is new");
        Assert.That(await CountAsync(w, "completions"), Is.Zero);
        var voided = await QueryAsync<int>(w, "SELECT voided FROM xapi_statements WHERE statement_id = @id",
            new { id = Id("e5", 1) });
        Assert.That(voided, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task A_statement_the_lrs_committed_late_is_stored_by_the_next_run()
    {
        var w = await WithIdentitiesAsync();
        await using var lrs = new FakeLrs([LrsFeedTests.NewStatement(Id("e6", 1), "2025-04-01T10:00:00Z", Sales)]);
        lrs.AddUncommitted(LrsFeedTests.NewStatement(Id("e6", 2), "2025-04-02T10:00:00Z", Safety));
        lrs.Add(LrsFeedTests.NewStatement(Id("e6", 3), "2025-04-03T10:00:00Z", Sales));
        var first = await RunLrsAsync(w, lrs);
        Assert.That((first.Read, first.Stored), Is.EqualTo((2L, 2L)), first.Describe());

        lrs.Commit(Id("e6", 2));
        var next = await RunLrsAsync(w, lrs);
        Assert.That((next.Read, next.Stored, next.Unchanged), Is.EqualTo((2L, 1L, 1L)), next.Describe());
        Assert.That((await CompletionsAsync(w)).Select(c => (c.InterventionId, c.CompletedOn)),
            Is.EqualTo(new[] { (Safety, "2025-04-02"), (Sales, "2025-04-01"), (Sales, "2025-04-03") }));
        Assert.That(await WatermarksAsync(w), Is.EqualTo(new[] { "2025-04-03T10:00:00.000Z" }));
    }

    [Test]
    public async Task A_run_that_fails_on_page_2_leaves_the_watermark_and_the_next_run_loses_nothing()
    {
        var w = await WithIdentitiesAsync();
        await using var lrs = new FakeLrs([]);
        var before = lrs.Store(LrsFeedTests.NewStatement(Id("e7", 1), null, Sales));
        Assert.That((await RunLrsAsync(w, lrs)).ExitCode, Is.Zero);
        Assert.That(await WatermarksAsync(w), Is.EqualTo(new[] { before }));

        foreach (var i in Enumerable.Range(2, 8)) lrs.Store(LrsFeedTests.NewStatement(Id("e7", i), null, Safety));
        var failFrom = lrs.Requests.Count + 2;
        lrs.FailFrom(failFrom, LrsFault.Status(503));
        var failed = await RunLrsAsync(w, lrs, pageSize: 3);
        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.Describe());
        Assert.That(failed.Message, Does.Contain("answered 503"));
        Assert.That(lrs.Requests.Select(r => r.Number), Does.Contain(failFrom), "page 2 was asked for");
        Assert.That(await WatermarksAsync(w), Is.EqualTo(new[] { before }), "a failed run moves no watermark");

        lrs.StopFailing();
        var next = await RunLrsAsync(w, lrs, pageSize: 3);
        Assert.That((next.Read, next.ExitCode), Is.EqualTo((8L, 0)), next.Describe());
        Assert.That(await CountAsync(w, "xapi_statements"), Is.EqualTo(9), "nothing lost or stored twice");
        Assert.That(await WatermarksAsync(w), Is.Not.EqualTo(new[] { before }));
    }
}
