using Impact.Models.Estimation;
using Impact.Models.Insights;
using Impact.Models.Panels;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Insights;

/// <summary>"What do high performers do differently?" must find learning activity that differs, xAPI activity
/// included.</summary>
public sealed class HighPerformersTests
{
    [Test]
    public void Planted_xapi_activity_of_top_performers_is_named_with_its_size()
    {
        var org = new OrganisationSimulator(new SimulationOptions { Employees = 1200, Seed = 9 }).Run().Organisation;
        var sales = org.Metrics.Single(m => m.Id == "sales");
        var plain = PanelBuilder.Build(org, sales);
        // Top-quartile sellers over the last six months recorded many more xAPI statements.
        var recent = plain.UnitIds.Select((_, u) =>
            Enumerable.Range(plain.Periods.Count - 6, 6).Average(t => plain.Value(u, t))).ToArray();
        var cut = recent.Order().ElementAt(recent.Length * 3 / 4);
        var random = new Random(1);
        var xapi = plain.UnitIds.Select((id, u) => (id, u)).ToDictionary(p => p.id,
            p => new XapiActivity((recent[p.u] >= cut ? 30 : 5) + random.Next(5), 1 + random.NextDouble()));
        var withXapi = PanelBuilder.Build(org with { Xapi = xapi }, sales);

        var sentences = HighPerformers.Describe(withXapi, new EstimateOptions(), CancellationToken.None);
        TestContext.Out.WriteLine(string.Join("\n", sentences));
        var named = sentences.FirstOrDefault(s => s.Contains("xAPI statements recorded", StringComparison.Ordinal));
        Assert.That(named, Is.Not.Null, "the planted difference is found");
        Assert.That(named, Does.Match(
            @"xAPI statements recorded averages 3\d(\.\d+)?, against [5-9](\.\d+)? for middle performers"));
        Assert.That(sentences, Has.None.Contains("hours of learning recorded by xAPI"),
            "hours were planted equal for everyone");
        Assert.That(HighPerformers.Describe(plain, new EstimateOptions(), CancellationToken.None),
            Has.None.Contains("xAPI"), "no xAPI data, no xAPI sentence");
    }
}
