using System.Text.RegularExpressions;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Dashboard.Charts;

/// <summary>The page stylesheet paints each verdict with the chart palette's colour and text colour, so a
/// badge on a page and a bar in a chart or the executive pack never disagree.</summary>
public sealed partial class VerdictCssTests
{
    static IEnumerable<string> EveryVerdict() => Verdicts.All;

    [TestCaseSource(nameof(EveryVerdict))]
    public void The_page_colour_of_a_verdict_is_the_palette_colour(string verdict)
    {
        var css = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Dashboard", "wwwroot", "css", "site.css"));
        var rule = Rule().Matches(css).SingleOrDefault(m => m.Groups["class"].Value == VerdictDisplay.Css(verdict));

        Assert.That(rule, Is.Not.Null, $"no rule for .{VerdictDisplay.Css(verdict)}");
        Assert.That(rule!.Groups["background"].Value, Is.EqualTo(VerdictPalette.HexOf(verdict)).IgnoreCase);
        Assert.That(rule.Groups["text"].Value, Is.EqualTo(VerdictPalette.TextHexOn(verdict)).IgnoreCase);
    }

    [GeneratedRegex(@"^\.(?<class>v-[a-z]+) \{ background: (?<background>#[0-9A-Fa-f]{6}); " +
        @"color: (?<text>#[0-9A-Fa-f]{6}); \}", RegexOptions.Multiline)]
    private static partial Regex Rule();
}
