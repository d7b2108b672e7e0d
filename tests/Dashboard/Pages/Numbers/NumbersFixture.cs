using System.Globalization;
using System.Text.RegularExpressions;
using Impact.Models.Estimation;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>A page's numbers tests: the shared sample organisation, and how the pages name each verdict, written
/// out here rather than taken from the dashboard's display code so that a changed word is caught too.</summary>
public abstract class NumbersFixture
{
    protected SampleOrganisation.Built Org { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task BuildOrganisation() => Org = await SampleOrganisation.BuildAsync();

    protected static string VerdictWord(string verdict) => verdict switch
    {
        Verdicts.Improved => "Improved",
        Verdicts.Worsened => "Worsened",
        Verdicts.NoMeaningfulEffect => "No meaningful effect",
        Verdicts.Inconclusive => "Inconclusive",
        Verdicts.NoDetectableEffect => "No detectable effect",
        Verdicts.Insufficient => "Not enough evidence",
        _ => throw new ArgumentException($"a verdict the tests do not know: {verdict}"),
    };

    /// <summary>How many independent units an interval rests on, as the pages say it: "12 teams", "140 people".
    /// </summary>
    protected static string Clusters(PairResult p) => p.Clusters is { } g
        ? $"{g.ToString("N0", CultureInfo.InvariantCulture)} {(p.ClusterLevel == "team" ? "teams" : "people")}"
        : "–";

    /// <summary>Text as a page shows it: runs of white space as one space.</summary>
    protected static string Collapse(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>The id in the first link to this area in a piece of HTML ("/Metrics/sales" gives "sales").</summary>
    protected static string LinkedId(string html, string area) =>
        Uri.UnescapeDataString(Regex.Match(html, $@"href=""/{area}/([^""#]+)")
            .Groups[1].Value);
}
