using System.Text.RegularExpressions;

namespace Impact.Dashboard.Caching;

/// <summary>
/// Rendered markup without the indentation of its template: a run of white space that holds a line break becomes
/// one line break, which a browser shows exactly as it showed the run (one space, or nothing between blocks).
/// The metric page's template indents its loops so deeply that a third of its ~70,000 characters were spaces,
/// written and sent on every request. Text inside <c>&lt;pre&gt;</c> and <c>&lt;textarea&gt;</c>, where white
/// space shows, is left as it is.
/// </summary>
public static partial class HtmlWhitespace
{
    public static string Compact(string html)
    {
        var kept = Preformatted().Matches(html);
        if (kept.Count == 0) return Indentation().Replace(html, "\n");
        var compact = new System.Text.StringBuilder(html.Length);
        var from = 0;
        foreach (Match block in kept)
        {
            compact.Append(Indentation().Replace(html[from..block.Index], "\n")).Append(block.Value);
            from = block.Index + block.Length;
        }
        return compact.Append(Indentation().Replace(html[from..], "\n")).ToString();
    }

    [GeneratedRegex(@"[ \t]*\n\s*")]
    private static partial Regex Indentation();

    [GeneratedRegex(@"<(pre|textarea)\b.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Preformatted();
}
