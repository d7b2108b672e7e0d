using Impact.Dashboard.Pages;

namespace Impact.Tests.Dashboard.Pages;

/// <summary>The metric card's arrow respects the metric's direction, and never speaks by colour alone.</summary>
public sealed class MetricChangeTests
{
    static MetricChange Of(string direction, params double[] means) => MetricChange.Of(
        means.Select((m, i) => new PeriodMean("x", $"2025-0{i + 1}-01", m)).Reverse(), direction)!;

    [Test]
    public void Falling_handle_time_is_better()
    {
        var change = Of("lower_is_better", 300, 310, 290);
        Assert.That(change.Change, Is.EqualTo(-10));
        Assert.That((change.Better, change.Arrow, change.Word), Is.EqualTo((true, "▼", "better")));
        Assert.That(change.Sentence("s"), Is.EqualTo("-10.00 s since 2025-01-01, better"));
    }

    [Test]
    public void Falling_resolution_rate_is_worse()
    {
        var change = Of("higher_is_better", 80, 75);
        Assert.That((change.Better, change.Arrow, change.Word), Is.EqualTo((false, "▼", "worse")));
    }

    [Test]
    public void A_single_period_has_no_change_to_judge()
    {
        var change = Of("higher_is_better", 80);
        Assert.That(change.Better, Is.Null);
        Assert.That(change.Sentence(null), Is.EqualTo("one period so far (2025-01-01)"));
    }
}
