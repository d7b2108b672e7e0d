using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Impact.Dashboard.Filters;

/// <summary>
/// Team, role, location and date range from the query string (<c>?team=T1&amp;role=agent&amp;from=2025-01-01</c>),
/// so a filtered view can be shared as a link. Values only ever reach SQL as parameters; a date that is not
/// yyyy-MM-dd is dropped and named in <see cref="Problems"/>, so the page says why it was ignored.
/// </summary>
public sealed record PageFilter(string? Team, string? Role, string? Location, string? From, string? To)
{
    public static readonly PageFilter None = new(null, null, null, null, null);

    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool Any => Team is not null || Role is not null || Location is not null || From is not null
                       || To is not null;

    /// <summary>Role and location together would let two filtered views be subtracted to isolate people
    /// (survey pages allow one of them at a time).</summary>
    public bool RoleAndLocation => Role is not null && Location is not null;

    public static PageFilter Of(IQueryCollection query)
    {
        var problems = new List<string>();
        var filter = new PageFilter(Text(query["team"]), Text(query["role"]), Text(query["location"]),
            Day(query["from"], "from", problems), Day(query["to"], "to", problems));
        if (filter.From is { } f && filter.To is { } t && string.CompareOrdinal(f, t) > 0)
        {
            problems.Add($"The date range starts ({f}) after it ends ({t}); the range was ignored.");
            filter = filter with { From = null, To = null };
        }
        return filter with { Problems = problems };
    }

    /// <summary>This filter as a query string ("" when none), for chart images and links that keep it.</summary>
    public string Query(string? leading = "?")
    {
        var parts = new (string Key, string? Value)[]
            { ("team", Team), ("role", Role), ("location", Location), ("from", From), ("to", To) }
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : leading + string.Join("&", parts);
    }

    static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static string? Day(string? value, string field, List<string> problems)
    {
        if (Text(value) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return text;
        problems.Add($"'{text}' in {field} is not a date (yyyy-MM-dd); it was ignored.");
        return null;
    }
}
