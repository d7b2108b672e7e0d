using System.Data.Common;
using System.Runtime.CompilerServices;
using Impact.Ingest.Kpi;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Pipeline;

public sealed class CancellationTests
{
    /// <summary>Yields KPI rows from memory and asks for cancellation after <paramref name="cancelAfter"/> rows, as
    /// Ctrl+C would.</summary>
    sealed class CancellingSource(CancellationTokenSource cts, int cancelAfter) : IIngestSource<KpiObservation>
    {
        KpiTable table = null!;
        public string Name => "kpi";
        public string Location => "memory";
        public InputKind Kind => InputKind.None;

        public async Task PrepareAsync(IngestContext context, CancellationToken ct) =>
            table = await KpiTable.OpenAsync(context, ct);

        public async IAsyncEnumerable<Checked<KpiObservation>> ReadAsync(IngestContext context,
            [EnumeratorCancellation] CancellationToken ct)
        {
            for (var i = 0; i < 1000; i++)
            {
                if (i == cancelAfter) await cts.CancelAsync();
                ct.ThrowIfCancellationRequested();
                yield return Checked<KpiObservation>.Ok(i + 1, new KpiObservation("sales", $"E{i}", "2025-01-01", i));
            }
        }

        public Task<RowOutcome> WriteAsync(KpiObservation row, DbTransaction tx, CancellationToken ct) =>
            table.WriteAsync(row, tx, ct);
        public Task CompleteAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;
        public async ValueTask DisposeAsync() => await table.DisposeAsync();
    }

    [Test]
    public async Task Cancelling_keeps_committed_batches_rolls_back_the_current_one_and_records_the_run()
    {
        var w = await WithMetricsAsync(Engine.Sqlite);
        using var cts = new CancellationTokenSource();
        var source = new CancellingSource(cts, 250);
        var summary = await IngestRunner.RunAsync(w, source, Quiet with { BatchSize = 100 }, cts.Token);

        Assert.That((summary.Outcome, summary.ExitCode), Is.EqualTo((IngestOutcome.Cancelled, 130)));
        Assert.That(summary.Message, Does.Contain("200 rows from batches committed before the stop are kept"));
        Assert.That(await CountAsync(w, "kpi_observations"), Is.EqualTo(200),
            "two whole batches, not the half-done third");
        var runs = await IngestHistory.RecentAsync(w, "kpi", 1, CancellationToken.None);
        Assert.That((runs[0].Outcome, runs[0].RowsRead, runs[0].RowsStored),
            Is.EqualTo((IngestOutcome.Cancelled, 200L, 200L)),
            "the record counts what was committed");
    }
}
