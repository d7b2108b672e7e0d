using System.Collections;

namespace Impact.Models.Panels;

/// <summary>
/// An organisation's KPI rows kept as each metric's <see cref="KpiColumns"/> (how the warehouse reader
/// returns them), seen as a list of rows only by the few who ask for rows; panels take the columns as they are.
/// </summary>
public sealed class ColumnarKpis(IReadOnlyList<KpiColumns> metrics) : IReadOnlyList<KpiRow>
{
    public int Count { get; } = metrics.Sum(m => m.Count);

    /// <summary>The metric's columns, or null when this organisation has none of its rows.</summary>
    public KpiColumns? Of(string metricId) => metrics.FirstOrDefault(m => m.MetricId == metricId);

    public KpiRow this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            foreach (var m in metrics)
            {
                if (index < m.Count) return m[index];
                index -= m.Count;
            }
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    public IEnumerator<KpiRow> GetEnumerator()
    {
        foreach (var m in metrics)
            for (var i = 0; i < m.Count; i++) yield return m[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
