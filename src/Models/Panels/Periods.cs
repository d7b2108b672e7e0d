namespace Impact.Models.Panels;

/// <summary>
/// A metric's own time axis: the distinct period starts it was observed on (monthly, weekly,
/// quarterly, yearly or irregular), and which period a date falls in.
/// </summary>
public sealed class Periods
{
    public IReadOnlyList<DateOnly> Starts { get; }
    readonly Func<DateOnly, DateOnly> nextStart;

    public Periods(IReadOnlyList<DateOnly> starts)
    {
        Starts = starts.Distinct().Order().ToArray();
        nextStart = LengthOf(Starts);
    }

    public int Count => Starts.Count;

    /// <summary>
    /// The period length is the smallest gap between observed starts, rounded to the calendar
    /// (year, quarter, month, week, day): gaps in irregular data (1974, 1975, 1978) are missing
    /// periods, not long ones.
    /// </summary>
    static Func<DateOnly, DateOnly> LengthOf(IReadOnlyList<DateOnly> starts)
    {
        var gap = int.MaxValue;
        for (var i = 1; i < starts.Count; i++) gap = Math.Min(gap, starts[i].DayNumber - starts[i - 1].DayNumber);
        return gap switch
        {
            int.MaxValue => d => d.AddMonths(1),
            >= 365 => d => d.AddYears(1),
            >= 89 => d => d.AddMonths(3),
            >= 28 => d => d.AddMonths(1),
            >= 7 => d => d.AddDays(7),
            _ => d => d.AddDays(gap),
        };
    }

    /// <summary>The first day after period <paramref name="index"/>.</summary>
    public DateOnly EndOf(int index) => nextStart(Starts[index]);

    /// <summary>Index of the first period starting on or after <paramref name="date"/>, or Count.</summary>
    public int FirstOnOrAfter(DateOnly date)
    {
        var lo = 0;
        var hi = Starts.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Starts[mid] < date) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public bool Contains(int index, DateOnly date) => Starts[index] <= date && date < EndOf(index);
}
