using System.Globalization;

namespace Impact.Ingest.Csv;

/// <summary>
/// Parsing of field values as exports write them: ISO dates or one configured local format (a time
/// part is ignored), numbers with a decimal point — or a decimal comma in ;-separated files, as
/// European spreadsheets save them.
/// </summary>
public sealed class Values(string? localDateFormat, char delimiter)
{
    static readonly string[] IsoFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];

    public string? LocalDateFormat { get; } = localDateFormat;

    public string DateHint => LocalDateFormat is null ? "yyyy-MM-dd" : $"yyyy-MM-dd or {LocalDateFormat}";

    public bool TryDate(string text, out DateOnly date)
    {
        text = text.Trim();
        if (text.Length == 10
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out date)) return true;
        // A fixed-width local format also reads a value with a time part after it ("11/23/2024 10:15 AM EST").
        if (LocalDateFormat is not null
            && (DateTime.TryParseExact(text, LocalDateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AllowWhiteSpaces, out var local)
            || text.Length > LocalDateFormat.Length
            && DateTime.TryParseExact(text[..LocalDateFormat.Length], LocalDateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.None, out local)))
        {
            date = DateOnly.FromDateTime(local);
            return true;
        }
        if (DateTime.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var iso))
        {
            date = DateOnly.FromDateTime(iso);
            return true;
        }
        date = default;
        return false;
    }

    public bool TryNumber(string text, out double value)
    {
        var span = text.AsSpan().Trim();
        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value)) return true;
        if (delimiter == ';' && span.Count(',') == 1 && !span.Contains('.'))
        {
            Span<char> copy = stackalloc char[Math.Min(span.Length, 64)];
            if (span.Length <= 64)
            {
                span.CopyTo(copy);
                copy.Replace(',', '.');
                if (double.TryParse(copy[..span.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                    && double.IsFinite(value)) return true;
            }
        }
        value = 0;
        return false;
    }

    /// <summary>Short, printable form of a bad value for a rejection reason.</summary>
    public static string Show(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}…'";
}
