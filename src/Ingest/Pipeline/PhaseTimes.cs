using System.Diagnostics;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// Where a run's time goes, phase by phase, for the ingest benches (<c>--phases</c>): with
/// <see cref="IngestOptions.Phases"/> set, the pipeline and the batch writers add the time of each phase they
/// go through, once per batch (never per row, so the timing itself costs nothing measurable). Null in every
/// real run.
/// </summary>
public sealed class PhaseTimes
{
    readonly List<(string Phase, long Ticks, long Times)> phases = [];
    readonly Lock gate = new();

    /// <summary>Adds the time since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Add(string phase, long started)
    {
        var ticks = Stopwatch.GetTimestamp() - started;
        lock (gate)
        {
            var i = phases.FindIndex(p => p.Phase == phase);
            if (i < 0) phases.Add((phase, ticks, 1));
            else phases[i] = (phase, phases[i].Ticks + ticks, phases[i].Times + 1);
        }
    }

    /// <summary>Each phase in the order first seen: its total time and how many times it ran.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Time, long Times)> Totals()
    {
        lock (gate)
            return [.. phases.Select(p => (p.Phase, Stopwatch.GetElapsedTime(0, p.Ticks), p.Times))];
    }

    public void Clear()
    {
        lock (gate) phases.Clear();
    }
}
