using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// Month labels at month starts (<see cref="ChartStyle.DateAxis"/>) that thin themselves to the axis they are
/// drawn on: where the axis is too short for every label ("Sep 2025" needs about <see cref="LabelRoom"/> px),
/// every k-th is kept, first month included, so a chart drawn narrow for a phone never runs labels together.
/// ScottPlot's own fixed-tick generator keeps every tick it is given whatever the width.
/// </summary>
public sealed class MonthTickGenerator(IReadOnlyList<(double Position, string Label)> months) : ITickGenerator
{
    public const float LabelRoom = 90;

    public Tick[] Ticks { get; private set; } = [];

    public int MaxTickCount { get; set; } = 10_000;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        var room = Math.Max(2, (int)(size.Length / LabelRoom));
        var step = (int)Math.Ceiling(months.Count / (double)Math.Min(room, MaxTickCount));
        Ticks = months.Where((_, i) => i % Math.Max(1, step) == 0)
            .Where(m => m.Position >= range.Min && m.Position <= range.Max)
            .Select(m => Tick.Major(m.Position, m.Label)).ToArray();
    }
}
