using System.Globalization;
using System.Text.RegularExpressions;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>
/// Every figure of one page compared with the number it should be, at the precision the page shows it: a
/// figure shown with two decimals may differ from the exact number by half a unit of its last decimal, no more.
/// Disagreements are collected, so one run names them all; <see cref="AssertAllAgree"/> also fails a page that
/// showed no figure at all, and prints how many were checked.
/// </summary>
public sealed partial class Figures(string page)
{
    readonly List<string> wrong = [];

    public int Checked { get; private set; }

    /// <summary>A number as the page writes it ("+4.20", "77.00 %", "1,234", "–" for none) against the exact
    /// value, or null where the page should show none.</summary>
    public void Number(string where, string shown, double? expected, int decimals)
    {
        Checked++;
        var value = Parse(shown);
        if (expected is not { } e || !double.IsFinite(e))
        {
            if (value is not null) wrong.Add($"{where}: shows {shown}, expected none");
            return;
        }
        if (value is not { } v) wrong.Add($"{where}: shows '{shown}', expected {e.ToString("R", Inv)}");
        else if (Math.Abs(v - e) > 0.5 * Math.Pow(10, -decimals) + 1e-9)
            wrong.Add($"{where}: shows {shown}, expected {e.ToString("R", Inv)} at {decimals} decimals");
    }

    /// <summary>A figure in a sentence, written to about three significant digits: whole above 100, one decimal
    /// above 10, two above 0.1, else three ("1,794", "64.2", "6.4", "0.034").</summary>
    public void Rounded(string where, string shown, double? expected) => Number(where, shown, expected,
        expected is not { } e ? 0 : Math.Abs(e) >= 100 ? 0 : Math.Abs(e) >= 10 ? 1 : Math.Abs(e) >= 0.1 ? 2 : 3);

    /// <summary>A share shown as a percentage with this many decimals ("50%", "5.6%").</summary>
    public void Percent(string where, string shown, double? share, int decimals) =>
        Number(where, shown, share * 100, decimals);

    /// <summary>A q- or p-value: three decimals, or "&lt; 0.001" for anything smaller.</summary>
    public void Probability(string where, string shown, double? expected)
    {
        if (expected is < 0.001 && shown == "< 0.001") Checked++;
        else Number(where, shown, expected, 3);
    }

    /// <summary>An interval as "[low, high]" (or "–" when there is none).</summary>
    public void Interval(string where, string shown, double? low, double? high, int decimals)
    {
        var bounds = IntervalText().Match(shown);
        if (!bounds.Success)
        {
            Checked++;
            if (low is not null && high is not null) wrong.Add($"{where}: shows '{shown}', expected an interval");
            else if (shown != "–") wrong.Add($"{where}: shows '{shown}', expected none");
            return;
        }
        Number(where + " (low)", bounds.Groups[1].Value, low is { } l && high is { } h ? Math.Min(l, h) : null,
            decimals);
        Number(where + " (high)", bounds.Groups[2].Value, low is { } l2 && high is { } h2 ? Math.Max(l2, h2) : null,
            decimals);
    }

    public void Count(string where, string shown, long expected) => Number(where, shown, expected, 0);

    /// <summary>Words that carry a figure's meaning (a verdict, a period, a group's name).</summary>
    public void Words(string where, string shown, string expected)
    {
        Checked++;
        if (shown != expected) wrong.Add($"{where}: shows '{shown}', expected '{expected}'");
    }

    /// <summary>A disagreement found some other way (a row the page should or should not have).</summary>
    public void Fail(string what) => wrong.Add(what);

    public void AssertAllAgree()
    {
        TestContext.Out.WriteLine($"{page}: {Checked} figures checked, {wrong.Count} disagree");
        Assert.That(wrong, Is.Empty, $"{page}: figures that disagree");
        Assert.That(Checked, Is.GreaterThan(0), $"{page} showed no figure to check");
    }

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The leading number of a figure, with its sign; null for the pages' dash (none).</summary>
    public static double? Parse(string shown)
    {
        var m = NumberText().Match(shown);
        if (!m.Success) return null;
        var text = m.Value.Replace(",", "", StringComparison.Ordinal).Replace('−', '-');
        return double.Parse(text, NumberStyles.Float, Inv);
    }

    [GeneratedRegex(@"^[+\-−]?\d[\d,]*(\.\d+)?")]
    private static partial Regex NumberText();

    [GeneratedRegex(@"^\[(\S+), (\S+)\]$")]
    private static partial Regex IntervalText();
}
