using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;

namespace Impact.Tests.Dashboard.Charts;

public sealed class VerdictPaletteTests
{
    // Every constant of Verdicts, found by reflection: a verdict added to Models without a colour and a label
    // fails here, not in front of an executive.
    static IEnumerable<string> EveryVerdictConstant() => typeof(Verdicts).GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

    [TestCaseSource(nameof(EveryVerdictConstant))]
    public void Every_verdict_has_its_own_colour_and_a_label_of_its_own(string verdict)
    {
        Assert.That(VerdictPalette.Knows(verdict), Is.True, $"no colour for '{verdict}'");
        Assert.That(VerdictDisplay.Label(verdict), Is.Not.EqualTo(verdict.Replace('_', ' ')),
            $"'{verdict}' falls through to the raw word");
    }

    [Test]
    public void The_list_of_verdicts_is_every_constant_and_no_two_share_a_colour()
    {
        Assert.That(Verdicts.All, Is.EquivalentTo(EveryVerdictConstant()));
        Assert.That(Verdicts.All.Select(VerdictPalette.HexOf), Is.Unique);
    }

    [TestCaseSource(nameof(EveryVerdictConstant))]
    public void Text_on_a_verdict_colour_has_at_least_the_WCAG_contrast_for_body_text(string verdict)
    {
        var ratio = Contrast(VerdictPalette.HexOf(verdict), VerdictPalette.TextHexOn(verdict));
        Assert.That(ratio, Is.GreaterThanOrEqualTo(4.5), $"{verdict}: {ratio:0.00}:1");
    }

    // WCAG 2 relative luminance and contrast ratio.
    static double Contrast(string a, string b)
    {
        static double Luminance(string hex)
        {
            double Channel(int i)
            {
                var c = Convert.ToInt32(hex.Substring(1 + 2 * i, 2), 16) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }
            return 0.2126 * Channel(0) + 0.7152 * Channel(1) + 0.0722 * Channel(2);
        }
        var (x, y) = (Luminance(a), Luminance(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }
}
