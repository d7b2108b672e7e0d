using Dapper;
using Impact.Dashboard.Pages;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Tests.Models.Runs;

/// <summary>
/// A re-estimation fanned out as one job per pair, on every engine: the pairs stored by two workers at once
/// make the same run as one-process estimation, the last pair completes it exactly once, a pair is never
/// stored twice, and a later run estimates only the pairs whose inputs changed and carries the rest.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class FanOutRunTests(Engine engine)
{
    static readonly EstimateOptions Options = new() { Folds = 2, Trees = 20, MinTreated = 10 };
    static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Two workers, each with its own panels as two processes would have, taking pairs in turn.</summary>
    static async Task<List<FanOutPairs.Done>> TwoWorkersAsync(Database warehouse, FanOutRun.Plan plan)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<FanOutRun.Pair>(plan.ToEstimate);
        var done = new System.Collections.Concurrent.ConcurrentBag<FanOutPairs.Done>();
        async Task WorkerAsync()
        {
            var panels = new PanelCache();
            while (queue.TryDequeue(out var pair))
                done.Add(await FanOutPairs.EstimateAsync(warehouse, plan.RunId, pair, Options, panels,
                    DateWindow.Default, None));
        }
        await Task.WhenAll(Task.Run(WorkerAsync), Task.Run(WorkerAsync));
        return [.. done];
    }

    static async Task<Dictionary<(string, string), (string Verdict, string Reason, string Detail, long? From)>>
        ResultsAsync(Database warehouse, long runId)
    {
        await using var db = await warehouse.OpenAsync(None);
        var rows = await db.QueryAsync<(string I, string M, string Verdict, string Reason, string Detail, long? From)>(
            "SELECT intervention_id, metric_id, verdict, reason, detail, carried_from_run FROM estimate_results " +
            "WHERE run_id = @runId", new { runId });
        return rows.ToDictionary(r => (r.I, r.M), r => (r.Verdict, r.Reason, r.Detail, r.From));
    }

    static async Task<string> StatusAsync(Database warehouse, long runId)
    {
        await using var db = await warehouse.OpenAsync(None);
        return await db.ExecuteScalarAsync<string>("SELECT status FROM estimate_runs WHERE run_id = @runId",
            new { runId }) ?? "";
    }

    static async Task<RunState> NewestAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(None);
        return await db.QuerySingleAsync<RunState>(warehouse.Dialect.Page(RunState.Sql, 1));
    }

    static void AssertSameResults(
        Dictionary<(string, string), (string Verdict, string Reason, string Detail, long? From)> fannedOut,
        Dictionary<(string, string), (string Verdict, string Reason, string Detail, long? From)> oneProcess)
    {
        Assert.That(fannedOut.Keys, Is.EquivalentTo(oneProcess.Keys));
        foreach (var (pair, expected) in oneProcess)
        {
            Assert.That(fannedOut[pair].Verdict, Is.EqualTo(expected.Verdict), $"{pair}");
            Assert.That(fannedOut[pair].Reason, Is.EqualTo(expected.Reason), $"{pair}");
            Assert.That(fannedOut[pair].Detail, Is.EqualTo(expected.Detail), $"{pair}: q-values, high performers");
        }
    }

    [Test]
    public async Task Pairs_stored_by_two_workers_at_once_make_the_same_run_as_one_process_and_complete_it_once()
    {
        var (warehouse, _) = await CanonicalIngest.SimulatedAsync(engine, CanonicalIngest.SmallOrganisation);
        var oneProcess = await EstimateJob.RunAsync(warehouse, Options, null, null, null, None);

        var plan = await FanOutRun.BeginAsync(warehouse, Options, DateWindow.Default, None);
        Assert.That(plan.ToEstimate, Has.Count.EqualTo(oneProcess.Results.Count), "no earlier fan-out: every pair");
        Assert.That(await StatusAsync(warehouse, plan.RunId), Is.EqualTo(EstimateRunStatus.Running));
        Assert.That((await NewestAsync(warehouse)).Sentence,
            Does.StartWith($"Run #{plan.RunId} is estimating 0 of {plan.ToEstimate.Count} pairs"), "the overview");
        var done = await TwoWorkersAsync(warehouse, plan);

        Assert.That(done.Count(d => d.Completed is not null), Is.EqualTo(1), "exactly one pair completes the run");
        Assert.That(done.Single(d => d.Completed is not null).Completed, Is.EqualTo(EstimateRunStatus.Succeeded));
        Assert.That(await StatusAsync(warehouse, plan.RunId), Is.EqualTo(EstimateRunStatus.Succeeded));
        AssertSameResults(await ResultsAsync(warehouse, plan.RunId), await ResultsAsync(warehouse, oneProcess.RunId));
        Assert.That(oneProcess.Results.Any(r => r.QValue is not null), "the check across the run was applied");

        var again = await FanOutPairs.EstimateAsync(warehouse, plan.RunId, plan.ToEstimate[0], Options,
            new PanelCache(), DateWindow.Default, None);
        Assert.That(again.Stored, Is.False, "a retried pair is not stored twice");
        Assert.That((await ResultsAsync(warehouse, plan.RunId)).Count, Is.EqualTo(oneProcess.Results.Count));
    }

    [Test]
    public async Task A_later_run_estimates_only_the_metric_whose_kpis_changed_and_still_equals_a_full_estimate()
    {
        var (warehouse, _) = await CanonicalIngest.SimulatedAsync(engine, CanonicalIngest.SmallOrganisation);
        var first = await FanOutRun.BeginAsync(warehouse, Options, DateWindow.Default, None);
        await TwoWorkersAsync(warehouse, first);
        var unchanged = await FanOutRun.BeginAsync(warehouse, Options, DateWindow.Default, None);
        Assert.That(unchanged.ToEstimate, Is.Empty, "nothing changed: every pair carried");
        Assert.That(unchanged.Completed, Is.EqualTo(EstimateRunStatus.Succeeded), "and the run completed at once");

        await using (var db = await warehouse.OpenAsync(None))
        {
            var metric = await db.ExecuteScalarAsync<string>("SELECT MIN(metric_id) FROM kpi_observations");
            var changed = await db.ExecuteAsync("UPDATE kpi_observations SET value = value * 1.05 + 1 " +
                "WHERE metric_id = @metric AND subject_id IN (SELECT MIN(subject_id) FROM kpi_observations)",
                new { metric });
            Assert.That(changed, Is.GreaterThan(0));
            var second = await FanOutRun.BeginAsync(warehouse, Options, DateWindow.Default, None);
            Assert.That(second.ToEstimate.Select(p => p.MetricId).Distinct(), Is.EqualTo(new[] { metric }));
            Assert.That(second.CarriedFrom, Is.EqualTo(unchanged.RunId));
            Assert.That(second.Carried, Is.GreaterThan(0));
            var done = await TwoWorkersAsync(warehouse, second);
            Assert.That(done.Single(d => d.Completed is not null).Completed, Is.EqualTo(EstimateRunStatus.Succeeded));

            var fannedOut = await ResultsAsync(warehouse, second.RunId);
            Assert.That(fannedOut.Where(r => r.Key.Item2 != metric).Select(r => r.Value.From).Distinct(),
                Is.EqualTo(new long?[] { first.RunId }), "carried pairs name the run that estimated them");
            Assert.That(fannedOut.Where(r => r.Key.Item2 == metric).Select(r => r.Value.From).Distinct(),
                Is.EqualTo(new long?[] { null }));
            var full = await EstimateJob.RunAsync(warehouse, Options, null, null, null, None);
            AssertSameResults(fannedOut, await ResultsAsync(warehouse, full.RunId));
        }
    }
}
