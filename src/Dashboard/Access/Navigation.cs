using System.Security.Claims;

namespace Impact.Dashboard.Access;

/// <summary>A link in the header, shown only to people whose roles open it.</summary>
public sealed record NavLink(string Href, string Label, string Policy);

public static class Navigation
{
    public static IReadOnlyList<NavLink> All { get; } =
    [
        new("/", "Overview", Policies.Performance),
        new("/Interventions", "Interventions", Policies.Performance),
        new("/Exports", "Export", Policies.Exports),
        new("/Engagement", "Engagement", Policies.Engagement),
        new("/Engagement/Summary", "Engagement", Policies.EngagementSummary),
        new("/Data", "Data", Policies.DataOperations),
        new("/Jobs", "Jobs", Policies.DataOperations),
        new("/Admin/Users", "Users", Policies.Admin),
        new("/Admin/Audit", "Audit log", Policies.Admin),
        // Last, so each role still lands where it did (an administrator on Users).
        new("/Runs", "Estimate runs", Policies.Runs),
    ];

    /// <summary>The links open to this person; of two with one label (per team, summary), the first.</summary>
    public static IReadOnlyList<NavLink> For(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? All.Where(l => Policies.Allows(l.Policy, user.IsInRole)).DistinctBy(l => l.Label).ToList()
            : [];

    /// <summary>Where someone lands after signing in with no page to return to: the first one open to them.</summary>
    /// <summary>Where a person goes once signed in: the page asked for, or the first page their roles open when
    /// none was asked for. The site's root counts as none: it is what opening the product's address asks for, and
    /// it is not open to every role (data staff would land on "not open to you").</summary>
    public static string LandingFor(ClaimsPrincipal user, string? asked) =>
        asked is null or "" or "/" ? HomeFor(user) : asked;

    public static string HomeFor(ClaimsPrincipal user) => For(user).FirstOrDefault()?.Href ?? "/account/password";
}
