using System.Text;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Tests.Ingest;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Jobs.Hostile;

/// <summary>
/// Hostile but realistic files through the real `impact` process, on every engine. Each case asserts the
/// exit code, one sentence where the user reads it, no stack trace, the run's outcome as recorded, and,
/// when the exit code says nothing was stored, a warehouse exactly as before (a dump hash).
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
[Parallelizable] // real processes, each on its own warehouse: runs beside the other slow fault tests
public sealed class HostileInputTests(Engine engine)
{
    public sealed record Case(string Name, string Source, string Extension, Func<string> Content, int Exit, string Says,
        string Outcome)
    {
        public override string ToString() => Name;
    }

    const string Kpi = "metric_id,subject_id,period_start,value\n";

    static string Metrics(params string[] items) => "[" + string.Join(",\n", items) + "]";

    static string MetricNamed(string nameJson) =>
        $$"""
        {"name": {{nameJson}}, "id": "m1", "direction": "higher_is_better", "owner": "Ops", "level": "employee"}
        """;

    public static IEnumerable<Case> Cases() =>
    [
        new("kpi dated 9999-12-31 beside a good row", "kpi", ".csv",
            () => Kpi + "sales,E1,2025-01-01,1\nsales,E2,9999-12-31,5\n",
            2, "rejected line 3, period_start: 9999-12-31 is outside the plausible dates 1900-01-01 to",
            IngestOutcome.Partial),
        new("kpi dated 9999-12-31 alone", "kpi", ".csv", () => Kpi + "sales,E2,9999-12-31,5\n",
            1, "No row could be stored: every row was rejected.", IngestOutcome.Failed),
        new("kpi dated before 1900", "kpi", ".csv", () => Kpi + "sales,E2,0001-01-01,5\n",
            1, "0001-01-01 is outside the plausible dates", IngestOutcome.Failed),
        new("metric name with a JSON NUL", "metrics", ".json", () => Metrics(MetricNamed("\"Sales\\u0000\"")),
            1, "name: contains a NUL character", IngestOutcome.Failed),
        new("a 1,000,000-character metric name", "metrics", ".json",
            () => Metrics(MetricNamed("\"" + new string('x', 1_000_000) + "\"")),
            1, "name: is 1,000,000 characters long; at most 200.", IngestOutcome.Failed),
        new("a metric id that is an object, beside one that is a number", "metrics", ".json",
            () => Metrics(MetricNamed("\"Obj\"").Replace("\"m1\"", "{\"a\": 1}"),
                          MetricNamed("\"Numbered\"").Replace("\"m1\"", "42")),
            2, "id: must be a string or a number.", IngestOutcome.Partial),
        new("an attribute of NaN and one of Infinity", "employees", ".csv",
            () => "employee_id,team_id,grade\nE1,T1,3\nE2,T1,NaN\nE3,T1,-Infinity\n",
            2, "grade: 'NaN' is not a finite number", IngestOutcome.Partial),
        new("a 300-character role", "employees", ".csv", () => $"employee_id,role\nE1,{new string('r', 300)}\n",
            1, "role: is 300 characters long; names have at most 200.", IngestOutcome.Failed),
        new("a completion dated 9999-12-31", "completions", ".csv",
            () => "employee_id,intervention_id,completed_on,status\n" +
                  "E1,c1,2025-01-01,completed\nE1,c1,9999-12-31,completed\n",
            2, "completed_on: 9999-12-31 is outside the plausible dates", IngestOutcome.Partial),
        new("a survey answer off the scale", "survey", ".csv",
            () => "respondent_id,team_id,submitted_on,q1\nR1,T1,2025-01-01,4\nR2,T1,2025-01-01,7\n",
            2, "rejected line 3, q1: is not an answer on the 1–5 scale.", IngestOutcome.Partial),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task A_hostile_file_ends_with_its_exit_code_one_sentence_and_its_outcome_recorded(Case c)
    {
        var warehouse = await WithMetricsAsync(engine);
        var before = await WarehouseDump.HashAsync(warehouse);
        var path = File(c.Content(), c.Extension);

        var run = await ImpactProcess.RunAsync("ingest", c.Source, path, "--db", WarehouseDump.Setting(warehouse));

        Assert.That(run.ExitCode, Is.EqualTo(c.Exit), run.Output + run.Error);
        var said = c.Exit is 0 or 2 ? run.Output : run.Error;
        Assert.That(said, Does.Contain(c.Says));
        NoStackTrace(run);
        Assert.That(await OutcomeAsync(warehouse), Is.EqualTo(c.Outcome));
        if (c.Exit == 1)
            Assert.That(await WarehouseDump.HashAsync(warehouse), Is.EqualTo(before), "exit 1: nothing was stored");
    }

    [Test]
    public async Task An_xapi_statement_dated_9999_after_20500_good_ones_is_rejected_and_the_good_ones_are_stored()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var ids = await RunAsync(warehouse, "identities", File("actor,employee_id\nmailto:p1@example.com,E1\n"));
        Assert.That(ids.ExitCode, Is.Zero);
        var statements = new StringBuilder("[\n");
        for (var i = 0; i < 20_500; i++)
            statements.Append(Statement(Guid.NewGuid(), $"2025-03-{1 + i % 28:00}T10:00:00Z", Mbox)).Append(",\n");
        statements.Append(Statement(Guid.NewGuid(), "9999-12-31T10:00:00Z", Mbox)).Append("\n]");

        var file = File(statements.ToString(), ".json");
        var run = await ImpactProcess.RunAsync("ingest", "xapi", file, "--db", WarehouseDump.Setting(warehouse));

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Error);
        Assert.That(run.Output, Does.Contain("20,501 read, 20,500 stored")
            .And.Contain("timestamp 9999-12-31 is outside the plausible dates"));
        NoStackTrace(run);
        Assert.That(await CountAsync(warehouse, "xapi_statements"), Is.EqualTo(20_500));
        Assert.That(await OutcomeAsync(warehouse), Is.EqualTo(IngestOutcome.Partial));
    }

    [Test]
    public async Task A_nul_character_anywhere_in_a_statement_is_a_rejection_naming_the_field()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        await RunAsync(warehouse, "identities", File("actor,employee_id\nmailto:p1@example.com,E1\n"));
        var file = File($"[{Statement(Guid.NewGuid(), "2025-03-01T10:00:00Z", Mbox, name: "Ana\\u0000")},\n" +
                        $"{Statement(Guid.NewGuid(), "2025-03-02T10:00:00Z", Mbox)}]", ".json");

        var run = await ImpactProcess.RunAsync("ingest", "xapi", file, "--db", WarehouseDump.Setting(warehouse));

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Error);
        Assert.That(run.Output, Does.Contain("actor.name contains a NUL character"));
        Assert.That(await CountAsync(warehouse, "xapi_statements"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unforeseen_database_error_after_a_commit_exits_3_saying_what_is_in_and_a_rerun_completes_it()
    {
        var warehouse = await WithMetricsAsync(engine);
        await RefuseSubjectAsync(warehouse, "boom");
        var rows = new StringBuilder(Kpi);
        for (var i = 0; i < 30_000; i++)
            rows.Append(i == 25_000 ? "sales,boom,2025-01-01,1\n" : $"sales,E{i:00000},2025-01-01,{i}\n");
        var path = File(rows.ToString());
        var logs = TempFiles.NewFolder();
        var environment = new Dictionary<string, string?> { ["IMPACT_LOG_DIR"] = logs };

        var run = await ImpactProcess.RunAsync(["ingest", "kpi", path, "--db", WarehouseDump.Setting(warehouse)],
            environment: environment);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.Output + run.Error);
        var first = Summary(run);
        Assert.That(first, Does.Contain("refused a statement").And.Contain("boom row refused by a trigger"));
        Assert.That(first, Does.Contain("Batches committed before it are kept (20,000 rows, up to line 20,001"));
        Assert.That(first, Does.Contain("run the same input again"));
        NoStackTrace(run);
        var log = Directory.GetFiles(logs).Single();
        Assert.That(first, Does.Contain(log), "the sentence points at the details");
        Assert.That(System.IO.File.ReadAllText(log), Does.Contain("   at "),
            "the stack trace is in the log, not on the terminal");
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(20_000));
        Assert.That(await OutcomeAsync(warehouse), Is.EqualTo(IngestOutcome.Failed));

        await AllowAllAsync(warehouse);
        var again = await ImpactProcess.RunAsync("ingest", "kpi", path, "--db", WarehouseDump.Setting(warehouse));
        Assert.That(again.ExitCode, Is.Zero, again.Error);
        Assert.That(again.Output, Does.Contain("30,000 read, 10,000 stored, 0 updated, 20,000 unchanged"));
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(30_000),
            "nothing lost, nothing duplicated");
    }

    [Test]
    public async Task An_unexpected_database_error_in_the_first_batch_exits_1_and_leaves_the_warehouse_as_it_was()
    {
        var warehouse = await WithMetricsAsync(engine);
        await RefuseSubjectAsync(warehouse, "boom");
        var before = await WarehouseDump.HashAsync(warehouse);

        var path = File(Kpi + "sales,E1,2025-01-01,1\nsales,boom,2025-01-01,2\n");
        var logs = new Dictionary<string, string?> { ["IMPACT_LOG_DIR"] = TempFiles.NewFolder() };
        var run = await ImpactProcess.RunAsync(["ingest", "kpi", path, "--db", WarehouseDump.Setting(warehouse)],
            environment: logs);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output + run.Error);
        Assert.That(Summary(run), Does.Contain("refused a statement").And.Not.Contain("committed"));
        NoStackTrace(run);
        Assert.That(await OutcomeAsync(warehouse), Is.EqualTo(IngestOutcome.Failed));
        Assert.That(await WarehouseDump.HashAsync(warehouse), Is.EqualTo(before));
    }

    static void NoStackTrace(ProcessResult run)
    {
        Assert.That(run.Error + run.Output, Does.Not.Contain("   at "), "a stack trace reached the terminal");
        Assert.That(run.Error + run.Output, Does.Not.Contain("Exception:"));
    }

    // The summary line (a slow load prints plain progress lines before it).
    static string Summary(ProcessResult run) =>
        run.Error.Split('\n').Single(l => l.StartsWith("kpi ", StringComparison.Ordinal));

    static async Task<string> OutcomeAsync(Database warehouse) =>
        (await QueryAsync<string>(warehouse,
            "SELECT outcome FROM ingest_runs WHERE run_id = (SELECT MAX(run_id) FROM ingest_runs)")).Single();

    /// <summary>A trigger refusing one subject: an error Impact cannot foresee, raised by the database.</summary>
    async Task RefuseSubjectAsync(Database warehouse, string subject)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        if (engine == Engine.Postgres)
        {
            await db.ExecuteAsync($"""
                CREATE FUNCTION refuse_subject() RETURNS trigger AS $$
                BEGIN
                    IF NEW.subject_id = '{subject}' THEN RAISE EXCEPTION 'boom row refused by a trigger'; END IF;
                    RETURN NEW;
                END
                $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_subject BEFORE INSERT ON kpi_observations
                FOR EACH ROW EXECUTE FUNCTION refuse_subject();
                """);
        }
        else
        {
            await db.ExecuteAsync($"""
                CREATE TRIGGER refuse_subject BEFORE INSERT ON kpi_observations WHEN NEW.subject_id = '{subject}'
                BEGIN SELECT RAISE(ABORT, 'boom row refused by a trigger'); END;
                """);
        }
    }

    static async Task AllowAllAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync(warehouse.Target.Engine == Engine.Postgres
            ? "DROP TRIGGER refuse_subject ON kpi_observations" : "DROP TRIGGER refuse_subject");
    }

    const string Mbox = "\"mailto:p1@example.com\"";

    /// <summary>One xAPI statement: experienced (a completion in progress) of one course by one actor.</summary>
    public static string Statement(Guid id, string timestamp, string mbox, string name = "Ana") => $$"""
        {"id": "{{id}}", "actor": {"name": "{{name}}", "mbox": {{mbox}}},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
         "object": {"id": "https://lms.example.com/course/c1"}, "timestamp": "{{timestamp}}"}
        """;
}
