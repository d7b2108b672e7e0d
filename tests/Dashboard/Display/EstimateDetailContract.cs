using System.Globalization;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;

namespace Impact.Tests.Dashboard.Display;

/// <summary>
/// What the pages read of a stored estimate (<see cref="EstimateDetail"/>) against what the estimate was
/// (<see cref="PairResult"/>): field for field, by name, so a field renamed or added on one side only
/// shows here instead of as a silently empty cell on a page.
/// </summary>
static class EstimateDetailContract
{
    // Read from the JSON but not a field of the estimate: how the reading went.
    static readonly string[] NotFromTheEstimate = [nameof(EstimateDetail.Unreadable)];

    /// <summary>
    /// The scalar fields the pages read, each with the estimate's field of the same name. Properties computed
    /// from them for display (no setter, e.g. a cluster count in words) are not read from the JSON.
    /// </summary>
    public static IEnumerable<string> ScalarFields() =>
        typeof(EstimateDetail).GetProperties()
            .Where(p => p.SetMethod is not null)
            .Where(p => !NotFromTheEstimate.Contains(p.Name) && p.PropertyType != typeof(IReadOnlyList<string>)
                        && p.PropertyType != typeof(IReadOnlyList<EventPoint>))
            .Select(p => p.Name);

    public static void AssertReadsBack(PairResult written, EstimateDetail read)
    {
        Assert.That(read.Unreadable, Is.False);
        foreach (var name in ScalarFields())
        {
            var source = typeof(PairResult).GetProperty(name);
            Assert.That(source, Is.Not.Null, $"the pages read {name}, which an estimate does not have");
            Assert.That(Comparable(typeof(EstimateDetail).GetProperty(name)!.GetValue(read)),
                Is.EqualTo(Comparable(source!.GetValue(written))), name);
        }
        Assert.That(read.Warnings, Is.EqualTo(written.Warnings), nameof(read.Warnings));
        Assert.That(read.EventStudy.Select(p => (p.RelativePeriod, p.Estimate, p.CiLow, p.CiHigh)),
            Is.EqualTo(written.EventStudy.OrderBy(p => p.RelativePeriod)
                .Select(p => (p.RelativePeriod, p.Estimate, (double?)p.CiLow, (double?)p.CiHigh))),
            nameof(read.EventStudy));
    }

    // Counts are int in the estimate and long on the page; compare numbers as numbers, text as text.
    static object? Comparable(object? value) => value switch
    {
        null => null,
        string text => text,
        IConvertible number => number.ToDouble(CultureInfo.InvariantCulture),
        _ => value,
    };
}
