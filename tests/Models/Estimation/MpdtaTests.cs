using System.Globalization;
using Impact.Models.Estimation;
using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Tests.Models.Estimation;

/// <summary>
/// R did's own example data: county teen employment (log) after state minimum-wage increases, staggered
/// over 2004, 2006 and 2007. Estimated as any pair is, with R's settings (least-squares and logit
/// nuisances, log population the only covariate, the year before as base), the simple ATT and the event
/// study e = 0..3 must agree with did 2.5's published not-yet-treated doubly robust figures within one of
/// their standard errors (tests/data/mpdta/SOURCE.md says where each number comes from).
/// </summary>
public sealed class MpdtaTests
{
    static readonly EstimateOptions AsInR = new()
    {
        Pre = 1, Post = 4, Anticipation = 0, Nuisance = NuisanceKind.Linear, OutcomeHistory = false,
        Cluster = ClusterChoice.Employee, Insights = false, Seed = 5,
    };

    // did 2.5.1, att_gt(..., xformla = ~lpop, control_group = "notyettreated"), aggregated with aggte's weights.
    const double SimpleAtt = -0.0414, SimpleSe = 0.0095;
    static readonly (int E, double Att, double Se)[] Dynamic =
        [(0, -0.0202, 0.0123), (1, -0.0547, 0.0174), (2, -0.1382, 0.0368), (3, -0.1069, 0.0344)];

    static Panel Counties()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "mpdta", "mpdta.csv");
        var rows = File.ReadLines(path).Skip(1).Select(line => line.Split(',')).Select(f => (
            Year: int.Parse(f[0], CultureInfo.InvariantCulture), County: f[1], LogPopulation: f[2],
            LogEmployment: double.Parse(f[3], CultureInfo.InvariantCulture),
            FirstTreated: int.Parse(f[4], CultureInfo.InvariantCulture))).ToList();
        var counties = rows.GroupBy(r => r.County).Select(g => g.First()).ToList();
        var employees = counties.Select(c => new EmployeeRow(c.County, null, null, null, null,
            new Dictionary<string, string?> { ["lpop"] = c.LogPopulation })).ToList();
        var completions = counties.Where(c => c.FirstTreated > 0)
            .Select(c => new CompletionRow(c.County, "minimum_wage", new DateOnly(c.FirstTreated, 1, 1), "completed"))
            .ToList();
        var metric = new PerformanceMetric("lemp", "Log teen employment", null, Direction.HigherIsBetter,
            MetricLevel.Employee, null, null);
        var kpis = rows.Select(r => new KpiRow("lemp", r.County, new DateOnly(r.Year, 1, 1), r.LogEmployment)).ToList();
        var org = new Organisation(employees, new Dictionary<string, bool> { ["lpop"] = true },
            [new InterventionRow("minimum_wage", "Minimum wage increase", "policy", null, null)], completions, [metric],
            kpis);
        return PanelBuilder.Build(org, metric);
    }

    [Test]
    public void Simple_att_and_event_study_agree_with_R_did_within_one_of_its_standard_errors()
    {
        var r = PairEstimator.Estimate(Counties(), "minimum_wage", AsInR, CancellationToken.None);
        TestContext.Out.WriteLine(
            $"simple ATT {r.Estimate:0.0000} (SE {r.StdError:0.0000}) vs did {SimpleAtt} ({SimpleSe}); " +
            $"treated {r.NTreated}, comparisons {r.NControl}, clusters {r.Clusters}, verdict {r.Verdict}");
        foreach (var p in r.EventStudy) TestContext.Out.WriteLine($"  e = {p.RelativePeriod}: {p.Estimate:0.0000}");

        Assert.That(r.NTreated, Is.EqualTo(191), "20 + 40 + 131 treated counties");
        Assert.That(r.Estimate!.Value, Is.EqualTo(SimpleAtt).Within(SimpleSe));
        foreach (var (e, att, se) in Dynamic)
            Assert.That(r.EventStudy.Single(p => p.RelativePeriod == e).Estimate, Is.EqualTo(att).Within(se),
                $"e = {e}");
        Assert.That(r.EventStudyReference, Is.EqualTo(-1),
            "the year before the first treated year is the base, as in R did");
    }
}
