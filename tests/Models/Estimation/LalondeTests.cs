using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Runs;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Models.Estimation;

/// <summary>
/// LaLonde's NSW job-training data: the randomised experiment's $1,794 is the truth an observational
/// method must recover. Loaded as canonical files into a warehouse and estimated as any pair is.
/// </summary>
public sealed class LalondeTests
{
    const double Truth = 1794.34;
    static readonly EstimateOptions Options = new() { Pre = 2, Post = 1, Anticipation = 0, Seed = 11 };

    static async Task<PairResult> EstimateAsync(string file)
    {
        var folder = LalondeCanonical.Convert(Path.Combine(TestContext.CurrentContext.TestDirectory, "data",
            "lalonde", file));
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await CanonicalIngest.LoadAsync(warehouse, folder);
        var org = await WarehouseReader.ReadAsync(warehouse, null, CancellationToken.None);
        var result = OrganisationEstimator.EstimateAll(org, Options, "earnings", "nsw", CancellationToken.None)
            .Single();
        TestContext.Out.WriteLine(
            $"{file}: naive {result.NaiveDifference:0}, DiD {result.DidEstimate:0}, DR {result.Estimate:0} " +
            $"(95% CI {result.CiLow:0} to {result.CiHigh:0}), DR with linear nuisances {result.DrLinearEstimate:0}, " +
            $"IPW {result.IpwEstimate:0}, outcome regression {result.OutcomeRegressionEstimate:0}, " +
            $"lagged outcome {result.LaggedOutcomeEstimate:0}, spread {result.SpecLow:0} to {result.SpecHigh:0}, " +
            $"placebo (1975 as outcome) p = {result.PlaceboP:0.###}, " +
            $"n = {result.NTreated}/{result.NControl}, verdict {result.Verdict}; experimental truth {Truth:0}");
        foreach (var w in result.Warnings) TestContext.Out.WriteLine("  warning: " + w);
        return result;
    }

    [Test]
    public async Task Experimental_sample_estimate_is_within_500_dollars_of_the_experimental_benchmark()
    {
        var result = await EstimateAsync("nsw_experimental.csv");
        Assert.That(result.Status, Is.EqualTo("estimated"), result.Reason);
        Assert.That(result.NTreated, Is.EqualTo(185));
        Assert.That(result.Estimate!.Value, Is.EqualTo(Truth).Within(500));
    }

    [Test]
    public async Task
        Against_CPS3_controls_the_naive_difference_has_the_wrong_sign_and_the_doubly_robust_interval_covers_the_truth()
    {
        var result = await EstimateAsync("nsw_treated_cps3_controls.csv");
        Assert.That(result.NaiveDifference!.Value, Is.EqualTo(-635).Within(5), "naive post-period difference");
        Assert.That(result.CiLow!.Value, Is.LessThanOrEqualTo(Truth));
        Assert.That(result.CiHigh!.Value, Is.GreaterThanOrEqualTo(Truth));
        Assert.That(result.SpecLow, Is.Not.Null);
        Assert.That(result.SpecHigh!.Value, Is.GreaterThan(result.SpecLow!.Value),
            "the specification spread is reported");
        Assert.That(result.PlaceboP, Is.Not.Null, "the placebo (1975 as a fake outcome) is reported");
    }
}
