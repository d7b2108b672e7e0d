using Impact.Dashboard.Display;

namespace Impact.Tests.Dashboard.Display;

public sealed class DisplayTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("{}")]
    [TestCase("""{"estimate":null,"warnings":null,"event_study":{"not":"an array"}}""")]
    public void Estimate_detail_with_nothing_usable_shows_nothing(string? json)
    {
        var d = EstimateDetail.Parse(json);
        Assert.That((d.Estimate, d.Warnings.Count, d.EventStudy.Count, d.Unreadable),
            Is.EqualTo(((double?)null, 0, 0, false)));
    }

    [TestCase("not json")]
    [TestCase("[1, 2]")]
    public void Estimate_detail_that_is_not_an_object_is_marked_unreadable(string json) =>
        Assert.That(EstimateDetail.Parse(json).Unreadable, Is.True);

    [Test]
    public void Estimate_detail_accepts_numbers_as_text_and_skips_broken_event_points()
    {
        var d = EstimateDetail.Parse("""
            {"estimate":"2.5","n_treated":"12","ci_low":"NaN",
             "event_study":[{"relative_period":0},{"relative_period":"1","estimate":3}]}
            """);
        Assert.That((d.Estimate, d.NTreated, d.CiLow), Is.EqualTo((2.5, 12L, (double?)null)));
        Assert.That(d.EventStudy.Single(), Is.EqualTo(new EventPoint(1, 3, null, null)));
    }

    [TestCase("/data/kpi.csv", "kpi.csv")]
    [TestCase("https://lrs.example.org/xapi/", "https://lrs.example.org/xapi/")]
    [TestCase("SELECT metric_id FROM kpis", "SELECT metric_id FROM kpis")]
    [TestCase(null, "–")]
    public void A_run_location_shows_a_files_name_and_anything_else_whole(string? location, string shown) =>
        Assert.That(Format.Location(location), Is.EqualTo(shown));

    [Test]
    public void Intervals_read_low_to_high_with_signs_and_a_dash_when_missing()
    {
        Assert.That(Format.Interval(-1.5, 2), Is.EqualTo("[-1.50, +2.00]"));
        Assert.That(Format.Interval(3, 1), Is.EqualTo("[+1.00, +3.00]"));
        Assert.That(Format.Interval(null, 2), Is.EqualTo("–"));
    }
}
