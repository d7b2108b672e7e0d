using System.Data.Common;
using Dapper;
using Impact.Warehouse;

namespace Impact.Dashboard.Filters;

/// <summary>What the filter form offers: the teams (all of them in a list, or a search box past
/// <see cref="ListedTeams"/>), every role and location in the organisation, and the filter applied now.</summary>
public sealed record FilterChoices(IReadOnlyList<FilterChoices.Option> Teams, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Locations, PageFilter Current)
{
    public sealed record Option(string Id, string Name);

    public static readonly FilterChoices Empty = new([], [], [], PageFilter.None);

    /// <summary>More teams than this are not listed: 2,500 options made every filtered page 160 KB of HTML
    /// that nobody scrolls. The form then takes a team's id, or part of its name, as text.</summary>
    public const int ListedTeams = 200;

    /// <summary>How many suggestions a typed team text gets.</summary>
    public const int MatchLimit = 20;

    /// <summary>How many teams the organisation has.</summary>
    public long TeamCount { get; init; }

    /// <summary>Whether the form shows a search box rather than a list of every team.</summary>
    public bool TeamSearch => TeamCount > ListedTeams;

    /// <summary>Under a search box: the team the filter names, when it names one by its id.</summary>
    public Option? Chosen => Teams.FirstOrDefault(t => t.Id == Current.Team);

    /// <summary>Under a search box, when the text is not a team's id: teams whose id or name contains it, as
    /// links that apply them.</summary>
    public IReadOnlyList<Option> Matches { get; init; } = [];

    public static async Task<FilterChoices> ReadAsync(DbConnection db, PageFilter current, CancellationToken ct)
    {
        var count = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM teams", cancellationToken: ct));
        var (teams, matches) = count <= ListedTeams
            ? (await TeamsAsync(db, "", null, ct), [])
            : await SearchAsync(db, current.Team, ct);
        // A handful of roles and locations among 100,000 people: one index search each, not a read of everyone.
        var dialect = Dialect.Of(db);
        var roles = await db.QueryAsync<string>(new CommandDefinition(dialect.DistinctValues("employees", "role"),
            cancellationToken: ct));
        var locations = await db.QueryAsync<string>(new CommandDefinition(
            dialect.DistinctValues("employees", "location"), cancellationToken: ct));
        return new FilterChoices(teams, roles.ToList(), locations.ToList(), current)
        {
            TeamCount = count, Matches = matches,
        };
    }

    /// <summary>The team the text names by id, else up to <see cref="MatchLimit"/> teams containing it (the
    /// text only ever a parameter, its LIKE wildcards escaped).</summary>
    static async Task<(IReadOnlyList<Option> Teams, IReadOnlyList<Option> Matches)> SearchAsync(DbConnection db,
        string? text, CancellationToken ct)
    {
        if (text is null) return ([], []);
        var exact = await TeamsAsync(db, "WHERE team_id = @text", new { text }, ct);
        if (exact.Count > 0) return (exact, []);
        var pattern = "%" + text.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")
            + "%";
        var sql = Dialect.Of(db).Page(
            "SELECT team_id AS Id, COALESCE(name, team_id) AS Name FROM teams " +
            "WHERE LOWER(team_id) LIKE @pattern ESCAPE '\\' OR LOWER(COALESCE(name, '')) LIKE @pattern ESCAPE '\\' " +
            "ORDER BY COALESCE(name, team_id), team_id", MatchLimit);
        var matches = await db.QueryAsync<Option>(new CommandDefinition(sql, new { pattern }, cancellationToken: ct));
        return ([], matches.ToList());
    }

    static async Task<IReadOnlyList<Option>> TeamsAsync(DbConnection db, string where, object? parameters,
        CancellationToken ct) =>
        (await db.QueryAsync<Option>(new CommandDefinition(
            $"SELECT team_id AS Id, COALESCE(name, team_id) AS Name FROM teams {where} " +
            "ORDER BY COALESCE(name, team_id), team_id", parameters, cancellationToken: ct))).ToList();
}
