using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Warehouse;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class DialectTests(Engine engine)
{
    static readonly string[] Keys = ["metric_id", "subject_id", "period_start"];
    static readonly string[] Values = ["value"];

    [Test]
    public async Task Insert_if_absent_then_update_if_changed_tell_new_updated_and_unchanged_apart()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var d = warehouse.Dialect;
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO metrics (metric_id, name, direction, owner, level, kind) VALUES ('m', " +
            "'M', 'higher_is_better', 'Ops', 'employee', 'performance')");
        var row = new { metric_id = "m", subject_id = "E1", period_start = "2025-01-01", value = 1.5 };

        Assert.That(await db.ExecuteAsync(d.InsertIfAbsent("kpi_observations", Keys, Values), row),
            Is.EqualTo(1), "new row");
        Assert.That(await db.ExecuteAsync(d.InsertIfAbsent("kpi_observations", Keys, Values), row), Is.Zero,
            "already there");
        Assert.That(await db.ExecuteAsync(d.UpdateIfChanged("kpi_observations", Keys, Values), row), Is.Zero,
            "unchanged");
        Assert.That(await db.ExecuteAsync(d.UpdateIfChanged("kpi_observations", Keys, Values),
            row with { value = 2.0 }), Is.EqualTo(1), "corrected");
        Assert.That(await db.ExecuteScalarAsync<double>("SELECT value FROM kpi_observations"), Is.EqualTo(2.0));
    }

    [Test]
    public async Task Update_if_changed_treats_null_to_value_and_back_as_changes()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var d = warehouse.Dialect;
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        string[] keys = ["team_id"], values = ["name"];
        await db.ExecuteAsync(d.InsertIfAbsent("teams", keys, values), new { team_id = "T", name = (string?)null });

        Assert.That(await db.ExecuteAsync(d.UpdateIfChanged("teams", keys, values),
            new { team_id = "T", name = (string?)null }), Is.Zero);
        Assert.That(await db.ExecuteAsync(d.UpdateIfChanged("teams", keys, values),
            new { team_id = "T", name = "Sales" }), Is.EqualTo(1));
        Assert.That(await db.ExecuteAsync(d.UpdateIfChanged("teams", keys, values),
            new { team_id = "T", name = (string?)null }), Is.EqualTo(1));
    }

    [Test]
    public async Task Insert_returning_id_gives_increasing_identities_and_page_limits_rows()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var d = warehouse.Dialect;
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        string[] columns = ["started_at", "status", "parameters", "data_version", "impact_version"];
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
            ids.Add(await db.ExecuteScalarAsync<long>(d.InsertReturningId("estimate_runs", columns, "run_id"),
                new { started_at = Clock.UtcStamp(), status = "running", parameters = "{}", data_version = "1",
                    impact_version = "t" }));

        Assert.That(ids, Is.Ordered.Ascending.And.Unique);
        var page =
            (await db.QueryAsync<long>(d.Page("SELECT run_id FROM estimate_runs ORDER BY run_id DESC", 2, 1))).ToList();
        Assert.That(page, Is.EqualTo(new[] { ids[1], ids[0] }));
    }

    [Test]
    public async Task A_value_that_looks_like_sql_is_stored_as_text()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        const string hostile = "x'); DROP TABLE teams; --";
        await db.ExecuteAsync(warehouse.Dialect.InsertIfAbsent("teams", ["team_id"], ["name"]),
            new { team_id = "T", name = hostile });
        Assert.That(await db.ExecuteScalarAsync<string>("SELECT name FROM teams"), Is.EqualTo(hostile));
    }
}
