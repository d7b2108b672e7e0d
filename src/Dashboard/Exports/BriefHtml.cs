using System.Net;
using System.Text;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;

namespace Impact.Dashboard.Exports;

/// <summary>
/// <c>brief.html</c>: the one-page brief an executive forwards. Self-contained (styles inline, images as
/// data URIs, or as <c>cid:</c> parts in an e-mail body), no external request, A4 and Letter when printed.
/// Every name from the warehouse is HTML-encoded.
/// </summary>
public static class BriefHtml
{
    public const string Method = "Doubly robust difference-in-differences: completers against comparable " +
        "colleagues, each against their own baseline; 95% intervals clustered where completion was assigned; " +
        "pre-trend and placebo checks; q-values across the run.";

    /// <param name="imageSource">Where an image's bytes are referenced from: a data URI in the file, a
    /// <c>cid:</c> in an e-mail.</param>
    public static string Render(PackData pack, IReadOnlyList<BriefChart> charts, Func<PackChart, string> imageSource,
        DateTimeOffset madeAt)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Impact brief: {E(pack.Scope)}</title>
            <style>{Style}</style></head>
            <body><main>
            <header><h1>Which learning moved our numbers?</h1>
            <p class="meta">{E(pack.Scope)} · estimate run {pack.Run.RunId} of
            {E(PackReader.Minute(pack.Run.StartedAt))} · data version {E(pack.Run.DataVersion)} ·
            {E(pack.Freshness)} · made {E(madeAt.ToString("yyyy-MM-dd HH:mm 'UTC'",
                System.Globalization.CultureInfo.InvariantCulture))}</p></header>
            """);
        html.Append("<section><h2>Findings</h2><ul class=\"findings\">");
        // One page, however many pairs the run has: the stories (an effect, or a completion report that would
        // mislead) one line each up to a few; everything else named once per verdict, the longest lists cut
        // with a count (the deck has a slide per finding).
        var (stories, quiet) = Split(pack.Findings);
        var told = stories.Count > MaxStories ? stories.GetRange(0, MaxStories) : stories;
        var named = stories.Count > MaxStories ? stories.GetRange(MaxStories, stories.Count - MaxStories) : [];
        foreach (var p in told)
            html.Append($"<li>{Badge(p.Verdict)} {E(Headlines.Title(p))}." + (p.Verdict is Verdicts.Improved
                            or Verdicts.Worsened ? $" <span class=\"value\">{E(Headlines.ValueLine(p))}</span>" : "") +
                        "</li>");
        foreach (var group in Ordered([.. named, .. quiet]).GroupBy(p => p.Verdict))
            html.Append($"<li class=\"group\">{Badge(group.Key)} ({group.Count()}" +
                        (told.Any(s => s.Verdict == group.Key) ? " more" : "") + "): " +
                        E(Names(group.Select(p => $"{p.Intervention} on {p.MetricName}"))) + ".</li>");
        if (pack.Findings.Count == 0) html.Append("<li>No intervention could be estimated on these metrics.</li>");
        html.Append("</ul></section>");
        html.Append("<section class=\"charts\">");
        foreach (var (chart, caption) in charts)
            html.Append($"""<figure><img src="{imageSource(chart)}" alt="{E(chart.Title)}">""" +
                        $"<figcaption>{E(caption)}</figcaption></figure>");
        html.Append("</section>");
        if (pack.NotEstimated.Count > 0)
            html.Append($"<section><h2>Not estimated ({pack.NotEstimated.Count})</h2><p class=\"missing\">" +
                        E(NotEstimated(pack.NotEstimated)) + ". The deck's closing slide gives each reason in full." +
                        "</p></section>");
        html.Append($"<footer>{E(Method)} Engagement survey results are never an outcome here.</footer>");
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    /// <summary>How many findings get a line of their own; the rest are named per verdict.</summary>
    public const int MaxStories = 4;

    /// <summary>How many reasons for not estimating are named before the rest are counted.</summary>
    public const int MaxReasons = 3;

    /// <summary>How many pairs a grouped line names before it says how many more there are.</summary>
    public const int MaxNames = 4;

    /// <summary>"A on X, B on Y and 3 more": a list cut to <see cref="MaxNames"/> so the brief stays one page.
    /// </summary>
    public static string Names(IEnumerable<string> names, int max = MaxNames)
    {
        var all = names.ToList();
        return all.Count <= max ? string.Join("; ", all)
            : string.Join("; ", all.Take(max)) + $" and {all.Count - max} more";
    }

    /// <summary>The commonest reasons a pair could not be estimated, each with a few of its pairs; the rest
    /// counted in one clause.</summary>
    static string NotEstimated(IReadOnlyList<PackPair> pairs)
    {
        var reasons = pairs.GroupBy(p => ShortReason(p.Reason)).OrderByDescending(r => r.Count()).ToList();
        var told = reasons.Take(MaxReasons).Select(reason => $"{reason.Key} ({reason.Count()}): " +
            Names(reason.Select(p => $"{p.Intervention} on {p.MetricName}"), MaxNames / 2));
        var others = reasons.Skip(MaxReasons).Sum(r => r.Count());
        return string.Join("; ", told) + (others > 0 ? $"; {others} more for other reasons" : "");
    }

    /// <summary>Effects first (improved, worsened), then the rest in the verdict order of <see cref="Verdicts.All"/>.
    /// </summary>
    public static IEnumerable<PackPair> Ordered(IEnumerable<PackPair> pairs) =>
        pairs.OrderBy(p => Verdicts.All.ToList().IndexOf(p.Verdict)).ThenBy(p => p.Intervention);

    static (List<PackPair> Stories, List<PackPair> Quiet) Split(IEnumerable<PackPair> findings)
    {
        var ordered = Ordered(findings).ToList();
        bool Story(PackPair p) => p.Verdict is Verdicts.Improved or Verdicts.Worsened || Headlines.Misleads(p.Parsed);
        return (ordered.Where(Story).ToList(), ordered.Where(p => !Story(p)).ToList());
    }

    /// <summary>"Too few comparisons" from "Too few comparisons: 96% finished…": a reason's first clause.</summary>
    public static string ShortReason(string reason)
    {
        var end = reason.IndexOfAny([':', '.', ';']);
        var clause = end > 0 ? reason[..end] : reason;
        return clause.Length > 80 ? clause[..77] + "…" : clause;
    }

    static string Badge(string verdict) =>
        $"<span class=\"badge\" style=\"background:{VerdictPalette.HexOf(verdict)};" +
        $"color:{VerdictPalette.TextHexOn(verdict)}\">{E(VerdictDisplay.Label(verdict))}</span>";

    static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    const string Style = """
        @page { size: auto; margin: 10mm; }
        body { font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; color: #1d2733; margin: 0; }
        main { max-width: 186mm; margin: 0 auto; padding: 4mm; }
        h1 { font-size: 17pt; margin: 0 0 1.2mm; }
        h2 { font-size: 10.5pt; margin: 2.5mm 0 1mm; text-transform: uppercase; letter-spacing: .04em;
             color: #5b6b7c; }
        .meta { font-size: 8.5pt; color: #5b6b7c; margin: 0; }
        ul { margin: 0; padding-left: 0; list-style: none; }
        .findings li { font-size: 9pt; margin: 0 0 1mm; line-height: 1.3; }
        .findings li.group, .missing { font-size: 8.5pt; line-height: 1.25; }
        .findings .value { color: #5b6b7c; }
        .badge { display: inline-block; border-radius: 3px; padding: 0 1.5mm; font-size: 8.5pt;
                 font-weight: 700; }
        .charts { margin-top: 3mm; }
        figure { margin: 0 0 2mm; break-inside: avoid; }
        figure img { width: 100%; height: auto; display: block; }
        figcaption { font-size: 8pt; color: #5b6b7c; }
        .missing { margin: 0; }
        footer { margin-top: 3mm; font-size: 8pt; color: #5b6b7c; border-top: 1px solid #e6ebf0;
                 padding-top: 2mm; }
        @media print {
            main { padding: 0; }
            .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """;
}
