using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Impact.Dashboard.Display;

/// <summary>How numbers and times read on every page: invariant culture, a dash for "none".</summary>
public static class Format
{
    static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Number(double? value, int decimals = 2) =>
        value is { } v && double.IsFinite(v) ? v.ToString("N" + decimals, Culture) : "–";

    public static string Signed(double? value, int decimals = 2) =>
        value is { } v && double.IsFinite(v) ? (v > 0 ? "+" : "") + v.ToString("N" + decimals, Culture) : "–";

    public static string Count(long value) => value.ToString("N0", Culture);

    /// <summary>A period as the tables and the warehouse write it: 2025-04-01.</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", Culture);

    /// <summary>A q- or p-value: three decimals, and "&lt; 0.001" rather than a zero that reads as certainty.</summary>
    public static string Probability(double? value) =>
        value is { } v && double.IsFinite(v) ? v < 0.001 ? "< 0.001" : v.ToString("N3", Culture) : "–";

    public static string Percent(double? share, int decimals = 0) =>
        share is { } s && double.IsFinite(s) ? (s * 100).ToString("N" + decimals, Culture) + "%" : "–";

    public static string Interval(double? low, double? high, int decimals = 2) =>
        low is not { } a || high is not { } b ? "–"
            : $"[{Signed(Math.Min(a, b), decimals)}, {Signed(Math.Max(a, b), decimals)}]";

    public static string WithUnit(string text, string? unit) => string.IsNullOrWhiteSpace(unit) || text == "–" ? text
        : $"{text} {unit}";

    /// <summary>Stored stamps are UTC ISO text; shown to the minute, with how long ago.</summary>
    public static string Stamp(string? stamp, DateTimeOffset? now = null)
    {
        if (string.IsNullOrWhiteSpace(stamp)) return "–";
        if (!DateTimeOffset.TryParse(stamp, Culture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var at)) return stamp;
        return $"{at:yyyy-MM-dd HH:mm} UTC ({Ago((now ?? DateTimeOffset.UtcNow) - at)})";
    }

    public static string Ago(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} h ago",
        { TotalDays: < 60 } => $"{(int)age.TotalDays} days ago",
        _ => $"{(int)(age.TotalDays / 30.4)} months ago",
    };

    /// <summary>A file shows by its name (the full path is in the tooltip); a URL or query text shows whole.</summary>
    public static string Location(string? location) =>
        string.IsNullOrWhiteSpace(location) ? "–"
        : location.Contains("://", StringComparison.Ordinal) ? location
        : System.IO.Path.GetFileName(location.TrimEnd('/', '\\')) is { Length: > 0 } name ? name : location;

    /// <summary>A column or attribute name as words for a reader: "feel_valued" reads "Feel valued".</summary>
    /// <summary>A long run of fields (a data version) that may break after each separator, never inside a number.
    /// </summary>
    public static IHtmlContent BreakAfter(string text, char separator) => new HtmlString(string.Join(
        separator + "<wbr>", text.Split(separator).Select(part => HtmlEncoder.Default.Encode(part))));

    public static string Words(string name)
    {
        var words = name.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? name : char.ToUpper(words[0], Culture) + words[1..];
    }

    public static DateOnly? Date(string? iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", Culture, DateTimeStyles.None, out var d) ? d : null;
}
