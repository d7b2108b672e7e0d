using Impact.Warehouse.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Impact.Dashboard.Access;

/// <summary>
/// Who may open what: one named policy per area of the dashboard, and the roles that satisfy it.
/// Every page, chart, download and the Hangfire dashboard names one of these
/// (<c>[Authorize(Policy = Policies.X)]</c>, or the policy argument of the endpoint's mapping). A page
/// that names none still needs a signed-in user (the fallback policy), and the route test fails
/// until the page is given its row in the role table.
/// </summary>
public static class Policies
{
    /// <summary>Overview, metric and intervention pages and their charts.</summary>
    public const string Performance = "performance";

    /// <summary>Survey results per team.</summary>
    public const string Engagement = "engagement";

    /// <summary>The organisation-wide survey summary (never per team).</summary>
    public const string EngagementSummary = "engagement-summary";

    /// <summary>The Data page with rejected rows, the Jobs page and the Hangfire dashboard.</summary>
    public const string DataOperations = "data-operations";

    /// <summary>Downloads of charts and tables for reports.</summary>
    public const string Exports = "exports";

    /// <summary>Every estimate run and two runs side by side (what changed between them).</summary>
    public const string Runs = "runs";

    /// <summary>Users, roles, settings and the audit log.</summary>
    public const string Admin = "admin";

    /// <summary>Anyone signed in: their own password, signing out.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>The roles that satisfy each policy (any one of them is enough).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RolesFor { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            [Performance] = [Roles.LdLead, Roles.Executive],
            [Engagement] = [Roles.LdLead],
            [EngagementSummary] = [Roles.LdLead, Roles.Executive],
            [DataOperations] = [Roles.DataStaff],
            [Exports] = [Roles.LdLead, Roles.Executive],
            [Runs] = [Roles.LdLead, Roles.Admin],
            [Admin] = [Roles.Admin],
            [SignedIn] = [],
        };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in RolesFor)
            options.AddPolicy(policy, p =>
            {
                p.RequireAuthenticatedUser();
                if (roles.Count > 0) p.RequireRole(roles);
            });
        // Closed by default: an endpoint that declares nothing still needs someone signed in.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }

    /// <summary>Whether a holder of these roles passes the policy (used to show only links that open).</summary>
    public static bool Allows(string policy, Func<string, bool> isInRole) =>
        RolesFor[policy] is var roles && (roles.Count == 0 || roles.Any(isInRole));
}
