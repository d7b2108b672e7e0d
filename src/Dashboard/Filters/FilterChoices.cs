using System.Data.Common;
using Dapper;
using Impact.Warehouse;

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
        // A handful of roles and locations among 100,000 people: one index search each, not a read of everyone.
        var dialect = Dialect.Of(db);
        var roles = await db.QueryAsync<string>(new CommandDefinition(dialect.DistinctValues("employees", "role"),
            cancellationToken: ct));
        var locations = await db.QueryAsync<string>(new CommandDefinition(
            dialect.DistinctValues("employees", "location"), cancellationToken: ct));
        return new FilterChoices(teams.ToList(), roles.ToList(), locations.ToList(), current);
    }
}
