using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Impact.Warehouse.Runs;

/// <summary>
/// The dates the warehouse accepts: from <see cref="Earliest"/> to <see cref="YearsAhead"/> years after
/// today (default 1900-01-01 to 100 years ahead). A date outside is a typo or a placeholder (9999-12-31)
/// that would break period arithmetic, so ingest refuses it with a reason and the models leave out what
/// slipped in before. <c>IMPACT_EARLIEST_DATE</c> and <c>IMPACT_YEARS_AHEAD</c> change it (bound by the host).
/// </summary>
public sealed record DateWindow(DateOnly Earliest, int YearsAhead)
{
    public const string EarliestVariable = "IMPACT_EARLIEST_DATE";
    public const string YearsAheadVariable = "IMPACT_YEARS_AHEAD";

    public static readonly DateWindow Default = new(new DateOnly(1900, 1, 1), 100);

    public DateOnly Latest => DateOnly.FromDateTime(DateTime.UtcNow).AddYears(YearsAhead);

    public bool Contains(DateOnly date) => date >= Earliest && date <= Latest;

    public bool Contains(DateTimeOffset time) => Contains(DateOnly.FromDateTime(time.UtcDateTime));

    /// <summary>The reason a date is refused, as the end of a rejection sentence.</summary>
    public string Refusal(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{date:yyyy-MM-dd} is outside the plausible dates {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}.");

    /// <summary>The window as the host's configuration sets it (the environment for the CLI).</summary>
    public static DateWindow Bind(IConfiguration configuration)
    {
        var earliest = Default.Earliest;
        if (configuration[EarliestVariable] is { Length: > 0 } text
            && !DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                out earliest))
            throw new ImpactException($"{EarliestVariable} must be a date such as 1900-01-01 (got '{text.Trim()}').");
        var years = Default.YearsAhead;
        if (configuration[YearsAheadVariable] is { Length: > 0 } ahead
            && (!int.TryParse(ahead, CultureInfo.InvariantCulture, out years) || years is < 0 or > 1000
                || DateTime.UtcNow.Year + years > 9998))
            throw new ImpactException(
                $"{YearsAheadVariable} must be a whole number of years from 0 to 1000 (got '{ahead.Trim()}').");
        return new DateWindow(earliest, years);
    }
}
