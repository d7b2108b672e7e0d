using Impact.Models.Panels;
using static Impact.Tests.Models.Panels.ColumnarReadTests;

namespace Impact.Tests.Models.Panels;

public sealed class KpiColumnsTests
{
    [Test]
    public void Columns_from_rows_in_any_order_equal_columns_from_rows_in_key_order()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 400).Select(i => new KpiRow("m", $"S{random.Next(60):D3}",
                new DateOnly(2024, 1, 1).AddMonths(random.Next(12)), Math.Round(random.NextDouble(), 3)))
            .DistinctBy(k => (k.SubjectId, k.PeriodStart)).ToList();
        var ordered = KpiColumns.From(rows.OrderBy(k => (k.SubjectId, k.PeriodStart)), "m");
        var shuffled = KpiColumns.From(rows.OrderBy(_ => random.Next()), "m");

        var (ids, starts, matrix) = RowByRow(rows);
        Assert.That(shuffled.SubjectIds, Is.EqualTo(ids));
        Assert.That(shuffled.PeriodStarts, Is.EqualTo(starts));
        Assert.That(Bits(shuffled.Matrix()), Is.EqualTo(Bits(matrix)));
        Assert.That(Bits(ordered.Matrix()), Is.EqualTo(Bits(matrix)));
        Assert.That(Enumerable.Range(0, shuffled.Count).Select(i => shuffled[i]), Is.EquivalentTo(rows));
    }
}
