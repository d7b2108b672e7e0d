using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Dapper;
using Impact.Dashboard.Caching;
using Impact.Dashboard.Display;
using Impact.Ingest.Kpi;
using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.IngestRuns;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Tests.Dashboard.Caching;

/// <summary>While an ingest writes, pages are kept between its batches: each batch counts itself on its run in the
/// transaction that writes its rows, and the data stamp sums those counts over the running runs. A batch that
/// corrects a value moves the stamp even when no row count or sum moves; a batch rolled back does not.</summary>
public sealed class PagesDuringIngestTests
{
    [TestCaseSource(typeof(TestDatabases), nameof(TestDatabases.Engines))]
    public async Task A_value_corrected_by_a_later_batch_of_a_running_ingest_shows_at_once(Engine engine)
    {
        var (app, warehouse) = await DashboardApp.OnAsync(engine, seeded: true);
        await using var _ = app;
        using var lead = await app.ClientAsync(Roles.LdLead);
        var cache = app.Services.GetRequiredService<PageDataCache>();
        // Seeded fcr: January 60, 70, 80, 90 and February 61, 71, 81, 91 for e1..e4. The second batch moves e1's
        // January up and its February down by the same amount: no row count and no KPI sum changes.
        var source = new GatedKpis(
            [new("fcr", "e1", "2025-01-01", 100), new("fcr", "e2", "2025-01-01", 70)],
            [new("fcr", "e1", "2025-01-01", 110), new("fcr", "e1", "2025-02-01", 51)]);
        var options = new IngestOptions { Pseudonymizer = Pseudonymizer.None, BatchSize = 2 };
        var ingest = Task.Run(() => IngestRunner.RunAsync(warehouse, source, options, CancellationToken.None));

        await source.CommittedAsync(1);
        Assert.That(JanuaryMean(await lead.GetStringAsync("/Metrics/fcr")), Is.EqualTo(Format.Number(85.0)));
        var read = cache.Read;
        Assert.That(JanuaryMean(await lead.GetStringAsync("/Metrics/fcr")), Is.EqualTo(Format.Number(85.0)));
        Assert.That(cache.Read, Is.EqualTo(read), "a page read between two batches was not kept");

        source.NextBatch.SetResult();
        await source.CommittedAsync(2);
        Assert.That(await RunningAsync(warehouse), Is.EqualTo(1), "the run is still writing");
        Assert.That(JanuaryMean(await lead.GetStringAsync("/Metrics/fcr")), Is.EqualTo(Format.Number(87.5)),
            "the value the second batch corrected is not shown");

        source.End.SetResult();
        var summary = await ingest;
        Assert.That(summary.Outcome, Is.EqualTo(IngestOutcome.Succeeded), summary.Describe());
        Assert.That(JanuaryMean(await lead.GetStringAsync("/Metrics/fcr")), Is.EqualTo(Format.Number(87.5)));
    }

    [TestCaseSource(typeof(TestDatabases), nameof(TestDatabases.Engines))]
    public async Task A_batch_rolled_back_leaves_the_stamp_as_it_was_and_a_committed_one_moves_it(Engine engine)
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        using var stamps = new DataStamp(warehouse);
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var run = await RunLog.StartAsync(db, warehouse.Dialect, "kpi", "memory", null, null, false,
            CancellationToken.None);
        var before = await stamps.ReadAsync(CancellationToken.None);

        await using (var tx = await db.BeginTransactionAsync())
        {
            await RunLog.ProgressAsync(db, tx, run, new BatchCounts { Read = 1, Stored = 1 }, CancellationToken.None);
            await tx.RollbackAsync();
        }
        Assert.That(await stamps.ReadAsync(CancellationToken.None), Is.EqualTo(before));

        await using (var tx = await db.BeginTransactionAsync())
        {
            await RunLog.ProgressAsync(db, tx, run, new BatchCounts { Read = 1, Stored = 1 }, CancellationToken.None);
            Assert.That(await stamps.ReadAsync(CancellationToken.None), Is.EqualTo(before),
                "another connection saw the batch before it committed");
            await tx.CommitAsync();
        }
        Assert.That(await stamps.ReadAsync(CancellationToken.None), Is.Not.EqualTo(before));
    }

    /// <summary>KPI rows from memory in two batches; the second, and the end, come only when the test says so.
    /// </summary>
    sealed class GatedKpis(IReadOnlyList<KpiObservation> first, IReadOnlyList<KpiObservation> second)
        : IIngestSource<KpiObservation>
    {
        readonly SemaphoreSlim committed = new(0);
        KpiTable table = null!;

        public TaskCompletionSource NextBatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource End { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => "kpi";
        public string Location => "memory";
        public InputKind Kind => InputKind.None;

        public async Task CommittedAsync(int batches)
        {
            for (var i = 0; i < batches - Seen; i++)
                Assert.That(await committed.WaitAsync(TimeSpan.FromSeconds(60)), Is.True, "no batch committed");
            Seen = batches;
        }

        int Seen { get; set; }

        public async Task PrepareAsync(IngestContext context, CancellationToken ct) =>
            table = await KpiTable.OpenAsync(context, ct);

        public async IAsyncEnumerable<Checked<KpiObservation>> ReadAsync(IngestContext context,
            [EnumeratorCancellation] CancellationToken ct)
        {
            var line = 0;
            foreach (var row in first) yield return Checked<KpiObservation>.Ok(++line, row);
            await NextBatch.Task.WaitAsync(ct);
            foreach (var row in second) yield return Checked<KpiObservation>.Ok(++line, row);
            await End.Task.WaitAsync(ct);
        }

        public Task<RowOutcome> WriteAsync(KpiObservation row, DbTransaction tx, CancellationToken ct) =>
            table.WriteAsync(row, tx, ct);
        public Task CompleteAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;
        public string? KeyOf(KpiObservation row) => KpiTable.KeyOf(row);
        public void Committed() => committed.Release();
        public async ValueTask DisposeAsync() => await table.DisposeAsync();
    }

    static async Task<long> RunningAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ingest_runs WHERE outcome = 'running'");
    }

    static string JanuaryMean(string html) =>
        Regex.Match(html, @"<tr><td>2025-01-01</td><td class=""num"">[^<]*</td>\s*<td class=""num"">([^<]*)</td>")
            .Groups[1].Value;
}
