using System.Net;
using System.Text.RegularExpressions;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>
/// The tables and fact lists of a rendered page as text, read with regular expressions as the other page tests
/// read pages (the pages are our own well-formed Razor output, with no nested tables). A cell's text is what a
/// sighted reader sees: tags removed, entities decoded, white space collapsed, and words meant only for screen
/// readers (<c>class="offscreen"</c>) or only for the eye (<c>aria-hidden</c> arrows) left out.
/// </summary>
public static partial class PageHtml
{
    public sealed record Cell(string Html, string Text, bool Header);

    public sealed record Row(string Html, IReadOnlyList<Cell> Cells)
    {
        public IReadOnlyList<string> Texts => Cells.Select(c => c.Text).ToList();
    }

    /// <summary>A table: its header row's texts and its body rows (a row may start with a row header).</summary>
    public sealed record Table(string Html, IReadOnlyList<string> Head, IReadOnlyList<Row> Rows);

    public static IReadOnlyList<Table> Tables(string html) => TableTag().Matches(html).Select(m =>
    {
        var head = HeadTag().Match(m.Value) is { Success: true } h ? RowsOf(h.Value).SelectMany(r => r.Texts).ToList()
            : [];
        var body = BodyTag().Match(m.Value) is { Success: true } b ? RowsOf(b.Value) : [];
        return new Table(m.Value, head, body);
    }).ToList();

    /// <summary>The one table whose header starts with these column titles.</summary>
    public static Table TableHeaded(string html, params string[] firstColumns)
    {
        var found = Tables(html).Where(t => t.Head.Take(firstColumns.Length).SequenceEqual(firstColumns)).ToList();
        Assert.That(found, Has.Count.EqualTo(1), $"one table headed {string.Join(" | ", firstColumns)}");
        return found[0];
    }

    public static IReadOnlyList<Table> TablesHeaded(string html, params string[] firstColumns) =>
        Tables(html).Where(t => t.Head.Take(firstColumns.Length).SequenceEqual(firstColumns)).ToList();

    /// <summary>Every element of this tag and class (not nested in one of its kind), with its inner HTML.</summary>
    public static IReadOnlyList<string> Blocks(string html, string tag, string classPrefix) =>
        Regex.Matches(html, $@"<{tag} class=""{Regex.Escape(classPrefix)}[^""]*""[^>]*>.*?</{tag}>",
            RegexOptions.Singleline).Select(m => m.Value).ToList();

    /// <summary>A definition list's terms and descriptions, in order.</summary>
    public static IReadOnlyList<(string Term, string Description)> Facts(string html) =>
        FactTag().Matches(html).Select(m => (Text(m.Groups[1].Value), Text(m.Groups[2].Value))).ToList();

    /// <summary>The visible text of a piece of HTML.</summary>
    public static string Text(string html)
    {
        var visible = Offscreen().Replace(html, "");
        visible = EyesOnly().Replace(visible, "");
        visible = Tag().Replace(visible, " ");
        return Space().Replace(WebUtility.HtmlDecode(visible), " ").Trim();
    }

    /// <summary>The text of the first element of this tag and class.</summary>
    public static string TextOf(string html, string tag, string classPrefix) =>
        Blocks(html, tag, classPrefix) is [var first, ..] ? Text(first) : "";

    static List<Row> RowsOf(string html) => RowTag().Matches(html).Select(r => new Row(r.Value,
        CellTag().Matches(r.Groups[1].Value).Select(c => new Cell(c.Value, Text(c.Groups[3].Value),
            c.Groups[1].Value == "h")).ToList())).ToList();

    [GeneratedRegex(@"<table\b.*?</table>", RegexOptions.Singleline)]
    private static partial Regex TableTag();

    [GeneratedRegex(@"<thead\b.*?</thead>", RegexOptions.Singleline)]
    private static partial Regex HeadTag();

    [GeneratedRegex(@"<tbody\b.*?</tbody>", RegexOptions.Singleline)]
    private static partial Regex BodyTag();

    [GeneratedRegex(@"<tr\b[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowTag();

    [GeneratedRegex(@"<t(d|h)\b([^>]*)>(.*?)</t[dh]>", RegexOptions.Singleline)]
    private static partial Regex CellTag();

    [GeneratedRegex(@"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", RegexOptions.Singleline)]
    private static partial Regex FactTag();

    [GeneratedRegex(@"<span class=""offscreen"">.*?</span>", RegexOptions.Singleline)]
    private static partial Regex Offscreen();

    [GeneratedRegex(@"<span aria-hidden=""true"">.*?</span>", RegexOptions.Singleline)]
    private static partial Regex EyesOnly();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
