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

        var security = await DataStamp.ReadWithSecurityStampAsync(warehouse, user.UserId, http, CancellationToken.None);

        Assert.That(security, Is.EqualTo(user.SecurityStamp));
        // A warehouse that cannot be opened: the request's stamp must come from what the check read.
        var unreachable = Database.FromSetting("sqlite:" + Path.Combine(TempFiles.NewPath(""), "gone", "x.db"));
        Assert.That(await DataStamp.ForRequestAsync(unreachable, http, CancellationToken.None),
            Is.EqualTo(await DataStamp.ReadAsync(warehouse, CancellationToken.None)).And.Not.Null);
        Assert.That(await DataStamp.ReadWithSecurityStampAsync(warehouse, user.UserId + 1000, new DefaultHttpContext(),
            CancellationToken.None), Is.Null, "no such user: no stamp, so the session is refused");
    }

    [Test]
    public void A_request_without_a_session_check_reads_the_stamp_itself()
    {
        var unreachable = Database.FromSetting("sqlite:" + Path.Combine(TempFiles.NewPath(""), "gone", "x.db"));
        Assert.ThrowsAsync<ImpactException>(() =>
            DataStamp.ForRequestAsync(unreachable, new DefaultHttpContext(), CancellationToken.None));
    }
}
