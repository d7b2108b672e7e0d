using Dapper;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Dashboard.Display;

/// <summary>The pages read an estimate from the JSON the estimate run really stored, not from a literal.</summary>
public sealed class EstimateDetailContractTests
{
    /// <summary>
    /// A result with every field set, each number different, so a field the pages read under the wrong
    /// name, or that the writer leaves out, cannot pass by being null on both sides or by matching another.
    /// </summary>
    static PairResult EveryFieldSet()
    {
        var result = new PairResult
        {
            InterventionId = "coach", MetricId = "fcr", Status = PairStatus.Estimated, Verdict = Verdicts.Improved,
            Reason = "Coaching raised first-contact resolution.", Method = "lagged_outcome",
            Warnings = ["Weak overlap: 12% of the comparison group was trimmed.", "Pre-trend test p = 0.03."],
            EventStudy = [new(1, 4.5, 2.4, 6.6), new(-2, 0.1, -1.2, 1.4), new(0, 3.8, 1.9, 5.7)], // pages sort them
        };
        var next = 1.0;
        foreach (var p in typeof(PairResult).GetProperties().Where(p => p.CanWrite))
        {
            var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (type == typeof(double)) p.SetValue(result, (next += 1) + 0.25);
            else if (type == typeof(int)) p.SetValue(result, (int)(next += 1));
        }
        return result;
    }

    [TestCaseSource(typeof(TestDatabases), nameof(TestDatabases.Engines))]
    public async Task The_detail_an_estimate_run_stores_reads_back_field_for_field(Engine engine)
    {
        var written = EveryFieldSet();
        Assert.That(written.BenefitCiLow, Is.Not.Null, "every number is set");
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var runId = await EstimateRunTables.BeginAsync(warehouse, new { metric = "fcr" }, "v1", CancellationToken.None);
        await EstimateRunTables.CompleteAsync(warehouse, runId, [written], CancellationToken.None);

        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var detail = await db.QuerySingleAsync<string>(
            "SELECT detail FROM estimate_results WHERE run_id = @runId", new { runId });
        EstimateDetailContract.AssertReadsBack(written, EstimateDetail.Parse(detail));
    }

}
