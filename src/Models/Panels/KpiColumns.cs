namespace Impact.Models.Panels;

/// <summary>
/// One metric's observations as columns: each row's subject index, period index and value, beside the
/// distinct subjects (ordinal order) and period starts (ascending) they point into. Millions of rows cost
/// three array entries each and no object, and a panel's matrix is filled from them without a lookup.
/// </summary>
public sealed class KpiColumns
{
    public required string MetricId { get; init; }
    /// <summary>Distinct subjects with at least one observation, in ordinal order: a panel's units.</summary>
    public required string[] SubjectIds { get; init; }
    /// <summary>Distinct period starts, ascending: a panel's periods.</summary>
    public required DateOnly[] PeriodStarts { get; init; }
    /// <summary>Row i's subject, an index into <see cref="SubjectIds"/>; only the first <see cref="Count"/>
    /// entries are rows.</summary>
    public required int[] Subject { get; init; }
    /// <summary>Row i's period, an index into <see cref="PeriodStarts"/>.</summary>
    public required int[] Period { get; init; }
    public required double[] Value { get; init; }
    public required int Count { get; init; }

    public KpiRow this[int row] => new(MetricId, SubjectIds[Subject[row]], PeriodStarts[Period[row]], Value[row]);

    /// <summary>Subjects × periods, unit-major, NaN where unobserved; a repeated cell keeps its last value.</summary>
    public float[] Matrix()
    {
        var periods = PeriodStarts.Length;
        var values = new float[SubjectIds.Length * periods];
        Array.Fill(values, float.NaN);
        for (var i = 0; i < Count; i++) values[Subject[i] * periods + Period[i]] = (float)Value[i];
        return values;
    }

    /// <summary>The columns of one metric's rows in a list of many (a simulated or hand-made organisation).</summary>
    public static KpiColumns From(IEnumerable<KpiRow> rows, string metricId)
    {
        var builder = new Builder(metricId);
        foreach (var row in rows)
            if (row.MetricId == metricId) builder.Add(row.SubjectId, row.PeriodStart, row.Value);
        return builder.Build();
    }

    /// <summary>
    /// Collects rows as they are read: a subject is looked up only when it differs from the row before (rows
    /// read in key order come a subject at a time), a period by its day number; indexes are put in order once,
    /// at the end.
    /// </summary>
    public sealed class Builder(string metricId, int capacity = 1024)
    {
        readonly Dictionary<string, int> subjectIndex = new(StringComparer.Ordinal);
        readonly List<string> subjects = [];
        readonly Dictionary<int, int> periodIndex = [];
        readonly List<DateOnly> periods = [];
        int[] subject = new int[Math.Max(capacity, 16)];
        int[] period = new int[Math.Max(capacity, 16)];
        double[] value = new double[Math.Max(capacity, 16)];
        int count;
        string? lastSubject;
        int lastSubjectIndex;

        public void Add(string subjectId, DateOnly periodStart, double observed)
        {
            if (!string.Equals(subjectId, lastSubject, StringComparison.Ordinal))
            {
                if (!subjectIndex.TryGetValue(subjectId, out lastSubjectIndex))
                {
                    subjectIndex[subjectId] = lastSubjectIndex = subjects.Count;
                    subjects.Add(subjectId);
                }
                lastSubject = subjectId;
            }
            if (!periodIndex.TryGetValue(periodStart.DayNumber, out var p))
            {
                periodIndex[periodStart.DayNumber] = p = periods.Count;
                periods.Add(periodStart);
            }
            if (count == value.Length) Grow();
            subject[count] = lastSubjectIndex;
            period[count] = p;
            value[count++] = observed;
        }

        void Grow()
        {
            var size = value.Length * 2;
            Array.Resize(ref subject, size);
            Array.Resize(ref period, size);
            Array.Resize(ref value, size);
        }

        public KpiColumns Build()
        {
            var subjectIds = subjects.ToArray();
            var subjectOrder = Reorder(subjectIds, StringComparer.Ordinal);
            var periodStarts = periods.ToArray();
            var periodOrder = Reorder(periodStarts, Comparer<DateOnly>.Default);
            if (subjectOrder is not null)
                for (var i = 0; i < count; i++) subject[i] = subjectOrder[subject[i]];
            if (periodOrder is not null)
                for (var i = 0; i < count; i++) period[i] = periodOrder[period[i]];
            return new KpiColumns
            {
                MetricId = metricId, SubjectIds = subjectIds, PeriodStarts = periodStarts, Subject = subject,
                Period = period, Value = value, Count = count,
            };
        }

        /// <summary>Sorts <paramref name="keys"/> in place; returns old index → new index, or null when they were
        /// in order already (the usual case for subjects read along the primary key).</summary>
        static int[]? Reorder<T>(T[] keys, IComparer<T> comparer)
        {
            var sorted = true;
            for (var i = 1; i < keys.Length && sorted; i++) sorted = comparer.Compare(keys[i - 1], keys[i]) < 0;
            if (sorted) return null;
            var old = new int[keys.Length];
            for (var i = 0; i < old.Length; i++) old[i] = i;
            Array.Sort(keys, old, comparer);
            var map = new int[keys.Length];
            for (var i = 0; i < old.Length; i++) map[old[i]] = i;
            return map;
        }
    }
}
