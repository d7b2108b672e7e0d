using System.Diagnostics;

namespace Impact.Bench;

/// <summary>Wall time and peak memory of repeated runs, reported as medians.</summary>
public static class Measure
{
    /// <param name="GcPause">Time the runtime stopped every thread to collect garbage during the run.</param>
    /// <param name="FullCollections">Gen-2 (full) collections during the run: each walks the whole live heap.</param>
    /// <param name="Cpu">Processor time the whole process used during the run, every thread: on a loaded machine
    /// it says what the work cost when wall time mostly says how long it waited for a core.</param>
    public sealed record Sample(TimeSpan Elapsed, long PeakWorkingSetBytes, TimeSpan GcPause, int FullCollections,
        TimeSpan Cpu = default);

    /// <summary>Runs <paramref name="body"/> <paramref name="repeats"/> times after <paramref name="setup"/> each
    /// time.</summary>
    public static async Task<IReadOnlyList<Sample>> RepeatAsync(int repeats, Func<Task> setup, Func<Task> body)
    {
        var samples = new List<Sample>();
        for (var i = 0; i < repeats; i++)
        {
            await setup();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var sampler = new PeakMemorySampler();
            var (pause, full) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await body();
            watch.Stop();
            samples.Add(new Sample(watch.Elapsed, sampler.Peak, GC.GetTotalPauseDuration() - pause,
                GC.CollectionCount(2) - full, Process.GetCurrentProcess().TotalProcessorTime - cpu));
        }
        return samples;
    }

    public static TimeSpan MedianTime(IEnumerable<Sample> samples) =>
        TimeSpan.FromTicks(Median(samples.Select(s => s.Elapsed.Ticks)));

    public static TimeSpan MedianCpu(IEnumerable<Sample> samples) =>
        TimeSpan.FromTicks(Median(samples.Select(s => s.Cpu.Ticks)));

    public static long MedianPeak(IEnumerable<Sample> samples) => Median(samples.Select(s => s.PeakWorkingSetBytes));

    public static TimeSpan MedianGcPause(IEnumerable<Sample> samples) =>
        TimeSpan.FromTicks(Median(samples.Select(s => s.GcPause.Ticks)));

    public static long MedianFullCollections(IEnumerable<Sample> samples) =>
        Median(samples.Select(s => (long)s.FullCollections));

    static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Samples this process's working set every 20 ms; the peak is what the OS saw, not just the GC
    /// heap.</summary>
    sealed class PeakMemorySampler : IDisposable
    {
        readonly CancellationTokenSource stop = new();
        readonly Task loop;
        long peak;

        public PeakMemorySampler() => loop = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                self.Refresh();
                Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), self.WorkingSet64));
                try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { }
            }
        });

        public long Peak
        {
            get
            {
                using var self = Process.GetCurrentProcess();
                return Math.Max(Interlocked.Read(ref peak), self.WorkingSet64);
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            loop.Wait();
        }
    }
}
