using System.Net;
using Impact.Warehouse.Accounts;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Impact.Tests.Dashboard.Access;

/// <summary>The policies themselves: closed by default, every one needs a signed-in user, only real roles.</summary>
public sealed class PoliciesTests
{
    [Test]
    public void The_fallback_and_every_named_policy_require_a_signed_in_user_and_name_only_real_roles()
    {
        var options = new AuthorizationOptions();
        Policies.Add(options);

        Assert.That(options.FallbackPolicy!.Requirements, Has.Some.InstanceOf<DenyAnonymousAuthorizationRequirement>());
        foreach (var (name, roles) in Policies.RolesFor)
        {
            var policy = options.GetPolicy(name)!;
            Assert.That(policy.Requirements, Has.Some.InstanceOf<DenyAnonymousAuthorizationRequirement>(), name);
            Assert.That(roles, Is.SubsetOf(Roles.All.Select(r => r.Name)), name);
        }
    }

    [Test]
    public async Task A_path_that_maps_to_nothing_is_closed_to_anonymous_requests_too()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: false);
        await using var _app = app;
        using var anonymous = app.Anonymous();
        using var signedIn = await app.ClientAsync(Roles.Executive);

        using var closed = await anonymous.GetAsync("/no/such/page");
        using var missing = await signedIn.GetAsync("/no/such/page");
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "not even whether it exists");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
