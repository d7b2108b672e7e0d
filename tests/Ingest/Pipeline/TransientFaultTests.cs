using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Impact.Ingest.Kpi;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;
using Microsoft.Data.Sqlite;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Pipeline;

/// <summary>
/// Faults that pass: another process holding SQLite's write lock, two PostgreSQL loads of the same keys in
/// opposite orders, a connection dropped mid-load. The batch meeting one is written again whole; the load
/// ends with every row exactly once.
/// </summary>
[Parallelizable] // the 90-second lock is waited out beside the other slow tests, not before them
public sealed class TransientFaultTests
{
    /// <summary>KPI rows from memory, with hooks for a test to strike at a chosen moment.</summary>
    sealed class MemoryKpis(IReadOnlyList<KpiObservation> rows, bool sorted = true) : IIngestSource<KpiObservation>
    {
        KpiTable table = null!;
        public IngestContext Context { get; private set; } = null!;
        public Action<int>? OnRow { get; init; }
        public Action? OnCommitted { get; init; }
        public string Name => "kpi";
        public string Location => "memory";
        public InputKind Kind => InputKind.None;

        public async Task PrepareAsync(IngestContext context, CancellationToken ct)
        {
            Context = context;
            table = await KpiTable.OpenAsync(context, ct);
        }

        public async IAsyncEnumerable<Checked<KpiObservation>> ReadAsync(IngestContext context,
            [EnumeratorCancellation] CancellationToken ct)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                OnRow?.Invoke(i);
                yield return Checked<KpiObservation>.Ok(i + 1, rows[i]);
            }
            await Task.CompletedTask;
        }

        public Task<RowOutcome> WriteAsync(KpiObservation row, DbTransaction tx, CancellationToken ct) =>
            table.WriteAsync(row, tx, ct);
        public Task CompleteAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;
        public string? KeyOf(KpiObservation row) => sorted ? KpiTable.KeyOf(row) : null;
        public void Committed() => OnCommitted?.Invoke();
        public async ValueTask DisposeAsync() => await table.DisposeAsync();
    }

    static List<KpiObservation> Rows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new KpiObservation("sales", $"E{i:000000}", "2025-01-01", i))];

    static readonly CancellationToken None = CancellationToken.None;
    static readonly IngestOptions Defaults = Quiet with { Retry = RetryPolicy.Default };

    static string Described(IEnumerable<IngestSummary> loads) => string.Join("\n", loads.Select(l => l.Describe()));

    /// <summary>Takes SQLite's write lock on its own connection, as another process would, and holds it.</summary>
    static Task HoldLock(Database warehouse, TimeSpan hold)
    {
        var locker = new SqliteConnection(warehouse.Target.ConnectionString);
        locker.Open();
        using (var begin = locker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        return Task.Run(async () =>
        {
            await Task.Delay(hold);
            using (var commit = locker.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                commit.ExecuteNonQuery();
            }
            await locker.DisposeAsync();
        });
    }

    [Test]
    public async Task A_sqlite_lock_held_by_another_connection_for_90_seconds_is_waited_out_with_the_default_budget()
    {
        var warehouse = await WithMetricsAsync(Engine.Sqlite);
        Task? released = null;
        var source = new MemoryKpis(Rows(60_000))
        {
            OnCommitted = () => released ??= HoldLock(warehouse, TimeSpan.FromSeconds(90)),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var summary = await IngestRunner.RunAsync(warehouse, source, Defaults, CancellationToken.None);

        Assert.That(summary.Outcome, Is.EqualTo(IngestOutcome.Succeeded), summary.Describe());
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(85)), "the lock was really held");
        Assert.That(summary.Notes,
            Has.Some.Contain("written again (last: The SQLite warehouse stayed locked by another process"));
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(60_000));
        await released!;
    }

    [Test]
    public async Task A_lock_held_past_the_configured_budget_fails_the_run_with_what_is_in_and_a_rerun_completes_it()
    {
        var target = await WithMetricsAsync(Engine.Sqlite);
        var warehouse = new Database(target.Target) { BusyTimeout = TimeSpan.FromSeconds(1) };
        var budget = Quiet with { Retry = new RetryPolicy(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)) };
        Task? released = null;
        var source = new MemoryKpis(Rows(50_000))
        {
            OnCommitted = () => released ??= HoldLock(warehouse, TimeSpan.FromSeconds(8)),
        };

        var summary = await IngestRunner.RunAsync(warehouse, source, budget, CancellationToken.None);

        Assert.That((summary.Outcome, summary.ExitCode), Is.EqualTo((IngestOutcome.Failed, ExitCodes.StoppedPartWay)));
        Assert.That(summary.Message, Does.StartWith("The SQLite warehouse stayed locked by another process")
            .And.Contain("Batches committed before it are kept (20,000 rows").And.Contain("IMPACT_BUSY_TIMEOUT"));
        await released!;
        var recorded = (await IngestHistory.RecentAsync(warehouse, "kpi", 1, CancellationToken.None)).Single();
        Assert.That((recorded.Outcome, recorded.RowsStored), Is.EqualTo((IngestOutcome.Failed, 20_000L)),
            "the end is recorded once the lock is gone");

        var again = await IngestRunner.RunAsync(warehouse, new MemoryKpis(Rows(50_000)), budget, None);
        Assert.That((again.Outcome, again.Stored, again.Unchanged),
            Is.EqualTo((IngestOutcome.Succeeded, 30_000L, 20_000L)));
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(50_000));
    }

    [Test]
    public async Task Two_postgres_loads_of_the_same_keys_in_opposite_orders_do_not_deadlock_written_in_key_order()
    {
        var warehouse = await WithMetricsAsync(Engine.Postgres);
        var rows = Rows(5_000);
        var noRetry = Quiet with { Retry = RetryPolicy.Default with { Retries = 0 } };

        var reversed = new List<KpiObservation>(Enumerable.Reverse(rows));
        var loads = await Task.WhenAll(
            Task.Run(() => IngestRunner.RunAsync(warehouse, new MemoryKpis(rows), noRetry, None)),
            Task.Run(() => IngestRunner.RunAsync(warehouse, new MemoryKpis(reversed), noRetry, None)));

        Assert.That(loads.Select(l => l.Outcome), Has.All.EqualTo(IngestOutcome.Succeeded), Described(loads));
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(5_000));
    }

    [Test]
    public async Task A_postgres_deadlock_between_loads_written_in_input_order_is_retried_and_both_complete()
    {
        var warehouse = await WithMetricsAsync(Engine.Postgres);
        var rows = Rows(5_000);
        // The load that loses a deadlock meets the other again until that one commits: room for a few rounds.
        var retry = Quiet with
        {
            Retry = RetryPolicy.Default with { Retries = 8, FirstPause = TimeSpan.FromMilliseconds(500) },
        };
        var reversed = new List<KpiObservation>(Enumerable.Reverse(rows));

        var loads = await Task.WhenAll(
            Task.Run(() => IngestRunner.RunAsync(warehouse, new MemoryKpis(rows, sorted: false), retry, None)),
            Task.Run(() => IngestRunner.RunAsync(warehouse, new MemoryKpis(reversed, sorted: false), retry, None)));

        Assert.That(loads.Select(l => l.Outcome), Has.All.EqualTo(IngestOutcome.Succeeded), Described(loads));
        Assert.That(loads.SelectMany(l => l.Notes), Has.Some.Contain("deadlock"),
            "in input order the two loads met in the middle");
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(5_000));
    }

    [Test]
    public async Task A_postgres_connection_dropped_mid_load_is_replaced_and_the_batch_written_again()
    {
        var warehouse = await WithMetricsAsync(Engine.Postgres);
        MemoryKpis? source = null;
        var killed = false;
        source = new MemoryKpis(Rows(30_000))
        {
            OnRow = i =>
            {
                if (i != 25_000 || killed) return;
                killed = true;
                // The administrator's way to drop a session: the server ends the run's connection.
                var pid = source!.Context.Connection.ExecuteScalar<int>("SELECT pg_backend_pid()");
                using var admin = warehouse.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
                admin.Execute("SELECT pg_terminate_backend(@pid)", new { pid });
            },
        };

        var summary = await IngestRunner.RunAsync(warehouse, source, Defaults, None);

        Assert.That(killed, Is.True);
        Assert.That(summary.Outcome, Is.EqualTo(IngestOutcome.Succeeded), summary.Describe());
        Assert.That(summary.Notes, Has.Some.Contain("written again"));
        Assert.That((summary.Read, summary.Stored), Is.EqualTo((30_000L, 30_000L)));
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(30_000));
    }
}
