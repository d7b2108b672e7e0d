using System.Data.Common;
using Dapper;

namespace Impact.Dashboard.Filters;

/// <summary>What the filter form offers: every team, role and location in the organisation, and the filter
/// applied now.</summary>
public sealed record FilterChoices(IReadOnlyList<FilterChoices.Option> Teams, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Locations, PageFilter Current)
{
    public sealed record Option(string Id, string Name);

    public static readonly FilterChoices Empty = new([], [], [], PageFilter.None);

    public static async Task<FilterChoices> ReadAsync(DbConnection db, PageFilter current, CancellationToken ct)
    {
        var teams = await db.QueryAsync<Option>(new CommandDefinition(
            "SELECT team_id AS Id, COALESCE(name, team_id) AS Name FROM teams " +
            "ORDER BY COALESCE(name, team_id), team_id",
            cancellationToken: ct));
        var roles = await db.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT role FROM employees WHERE role IS NOT NULL ORDER BY role", cancellationToken: ct));
        var locations = await db.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT location FROM employees WHERE location IS NOT NULL ORDER BY location",
            cancellationToken: ct));
        return new FilterChoices(teams.ToList(), roles.ToList(), locations.ToList(), current);
    }
}
