using Impact.Dashboard.Caching;
using Impact.Tests.Infrastructure;
using Impact.Tests.Warehouse.Accounts;
using Impact.Warehouse;
using Impact.Warehouse.Accounts;
using Microsoft.AspNetCore.Http;

namespace Impact.Tests.Dashboard.Caching;

/// <summary>A page request's session check reads the data stamp in the same statement, and its pages and images
/// then use that stamp instead of opening the warehouse again.</summary>
public sealed class DataStampTests
{
    [TestCaseSource(typeof(TestDatabases), nameof(TestDatabases.Engines))]
    public async Task The_session_check_reads_the_security_stamp_and_the_data_stamp_the_request_then_uses(
        Engine engine)
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var kit = new AccountsKit(warehouse);
        var user = (await kit.Users.FindAsync(await kit.AddAsync(Roles.LdLead), CancellationToken.None))!;
        var http = new DefaultHttpContext();
        using var stamps = new DataStamp(warehouse);
        var security = await stamps.ReadWithSecurityStampAsync(user.UserId, http, CancellationToken.None);
        var compiled = stamps.Compiled;

        Assert.That(security, Is.EqualTo(user.SecurityStamp));
        // A warehouse that cannot be opened: the request's stamp must come from what the check read.
        using var unreachable = new DataStamp(
            Database.FromSetting("sqlite:" + Path.Combine(TempFiles.NewPath(""), "gone", "x.db")));
        Assert.That(await unreachable.ForRequestAsync(http, CancellationToken.None),
            Is.EqualTo(await stamps.ReadAsync(CancellationToken.None)).And.Not.Null);
        Assert.That(await stamps.ReadWithSecurityStampAsync(user.UserId + 1000, new DefaultHttpContext(),
            CancellationToken.None), Is.Null, "no such user: no stamp, so the session is refused");
        Assert.That(stamps.Compiled, Is.EqualTo(engine == Engine.Sqlite ? compiled + 1 : 0),
            "on SQLite each statement is compiled once and then kept on its connection");
    }

    [Test]
    public async Task A_kept_statement_reads_what_was_committed_since_it_was_compiled()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        using var stamps = new DataStamp(warehouse);
        var before = await stamps.ReadAsync(CancellationToken.None);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        await using (var insert = db.CreateCommand())
        {
            insert.CommandText = "INSERT INTO estimate_runs (started_at, status, parameters, data_version, " +
                                 "impact_version) VALUES ('2025-05-05T00:00:00Z', 'succeeded', '{}', 'v1', 'test')";
            await insert.ExecuteNonQueryAsync();
        }
        var after = await stamps.ReadAsync(CancellationToken.None);

        Assert.That(after, Is.Not.EqualTo(before));
        Assert.That(stamps.Compiled, Is.EqualTo(1));
    }

    [Test]
    public void A_request_without_a_session_check_reads_the_stamp_itself()
    {
        using var unreachable = new DataStamp(
            Database.FromSetting("sqlite:" + Path.Combine(TempFiles.NewPath(""), "gone", "x.db")));
        Assert.ThrowsAsync<ImpactException>(() =>
            unreachable.ForRequestAsync(new DefaultHttpContext(), CancellationToken.None));
    }
}
