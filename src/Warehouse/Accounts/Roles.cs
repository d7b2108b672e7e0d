using Impact.Warehouse;

namespace Impact.Warehouse.Accounts;

/// <summary>A role as people read it: its stored name, a title and what it lets its holder do.</summary>
public sealed record RoleInfo(string Name, string Title, string Grants);

/// <summary>
/// The kinds of people who use Impact. A person may hold several roles. Which pages each role opens
/// is decided in one place, the dashboard's access policies; these are only the names.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string LdLead = "ld_lead";
    public const string DataStaff = "data_staff";
    public const string Executive = "executive";

    public static IReadOnlyList<RoleInfo> All { get; } =
    [
        new(Admin, "Administrator", "users, roles, settings and the audit log"),
        new(LdLead, "L&D lead", "everything on performance and engagement, and exports"),
        new(DataStaff, "Data staff", "the Data and Jobs pages, scheduled jobs and rejected rows"),
        new(Executive, "Executive",
            "overview, metric and intervention pages, exports, and the organisation-wide engagement summary"),
    ];

    public static RoleInfo Describe(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? new RoleInfo(name, name, "");

    /// <summary>A role name as typed (any case, hyphen or underscore), or a sentence listing the real ones.</summary>
    public static string Parse(string typed)
    {
        var name = typed.Trim().ToLowerInvariant().Replace('-', '_');
        return All.Any(r => r.Name == name) ? name
            : throw new ImpactException(
                $"'{typed}' is not a role: use {string.Join(", ", All.Select(r => r.Name))}.");
    }

    /// <summary>Parsed, without repeats, in the order of <see cref="All"/>; at least one.</summary>
    public static IReadOnlyList<string> ParseAll(IEnumerable<string> typed)
    {
        var names = typed.Select(Parse).ToHashSet();
        if (names.Count == 0)
            throw new ImpactException($"Give at least one role: {string.Join(", ", All.Select(r => r.Name))}.");
        return All.Select(r => r.Name).Where(names.Contains).ToList();
    }
}
