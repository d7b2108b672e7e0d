using System.Xml.Linq;
using Impact.Dashboard.Charts;
using Impact.Models.Estimation;
using ScottPlot;

namespace Impact.Tests.Dashboard.Charts;

/// <summary>Each builder from plain records: a PNG of the asked size, an SVG that parses and names the
/// bundled font with fallbacks, and the title sentence drawn in.</summary>
public sealed class ChartBuilderTests
{
    static readonly Measure Sales = new("Monthly sales", "sales");

    static readonly IReadOnlyList<Impact.Dashboard.Display.SubgroupEffect> Groups =
    [
        new("tenure_band", "under 1 year", 3.75, 3.39, 4.11, 182, 0.001),
        new("role", "agent", 3.92, 3.66, 4.19, 323, 0.001),
        new("role", "team_lead", 0.80, -0.27, 1.86, 23, 0.14),
    ];

    [Test]
    public void Who_it_worked_for_draws_a_row_per_group_top_down_in_the_tables_order_with_its_size()
    {
        var plot = SubgroupChart.Build(null, Sales, Groups);
        ChartStyle.Png(plot, 600, SubgroupChart.Height(Groups.Count));

        var ticks = plot.Axes.Left.TickGenerator.Ticks.OrderByDescending(t => t.Position).Select(t => t.Label);
        Assert.That(ticks,
            Is.EqualTo(new[] { "Role: agent (323)", "Role: team_lead (23)", "Tenure band: under 1 year (182)" }));
        Assert.That(SubgroupChart.Height(9), Is.GreaterThan(SubgroupChart.Height(3)));
    }

    [Test]
    public void Tenure_bands_read_shortest_tenure_first_whatever_their_effects()
    {
        var bands = Impact.Models.Panels.PanelBuilder.TenureBands;
        var groups = bands.Select((band, i) => new Impact.Dashboard.Display.SubgroupEffect(
            Impact.Models.Panels.PanelBuilder.TenureGroup, band, Estimate: 10 - 3 * (i % 2) + i, -1, 20, 50, 0.1))
            .Reverse().ToList();

        var ordered = SubgroupChart.Ordered(groups).Select(g => g.Label);

        Assert.That(ordered, Is.EqualTo(bands));
    }

    [Test]
    public void A_narrow_drawing_keeps_only_the_month_labels_that_fit_and_a_wide_one_keeps_them_all()
    {
        var months = Enumerable.Range(0, 24).Select(i => new DateOnly(2024, 1, 1).AddMonths(i)).ToList();
        Plot Dated()
        {
            var plot = ChartStyle.New();
            plot.Add.Scatter(months.Select(ChartStyle.X).ToArray(), months.Select(m => (double)m.Month).ToArray());
            ChartStyle.DateAxis(plot, months);
            return plot;
        }
        static string[] Labels(Plot plot) =>
            plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Label).ToArray();
        var (wide, narrow) = (Dated(), Dated());

        ChartStyle.Png(wide, 900, 300);
        ChartStyle.Png(narrow, ChartFit.NarrowWidth, 300);

        Assert.That(Labels(wide), Has.Length.EqualTo(8));
        Assert.That(Labels(narrow), Has.Length.InRange(2, ChartFit.NarrowWidth / 90));
        Assert.That(Labels(narrow), Is.SubsetOf(Labels(wide)));
        Assert.That(Labels(narrow)[0], Is.EqualTo("Jan 2024"));
    }

    [Test]
    public void A_narrow_drawing_keeps_a_long_legend_entry_within_the_plot_and_a_wide_one_on_one_line()
    {
        Plot Waves() => TrendWithWavesChart.Build(null, new("Customer satisfaction", "points"),
            "Negotiation masterclass",
            Enumerable.Range(0, 12).Select(m => new TrendPoint(new DateOnly(2025, 1, 1).AddMonths(m), 70 + m % 3))
                .ToList(),
            [new(new DateOnly(2025, 4, 1), 30)]);
        var (wide, narrow) = (Waves(), Waves());

        ChartStyle.Png(wide, 900, 360);
        ChartStyle.Png(narrow, ChartFit.NarrowWidth, 360);

        // The legend's panel is capped at the plotted area's width and cuts off what is wider at its frame: a legend
        // exactly that wide was cut; one narrower shows every word.
        Assert.That(narrow.Legend.LastRenderSize.Width,
            Is.LessThan(narrow.RenderManager.LastRender.DataRect.Width - 1));
        Assert.That(wide.GetPlottables().OfType<IHasLegendText>().Select(p => p.LegendText),
            Has.None.Contains('\n'));
    }

    [Test]
    public void A_narrow_drawing_breaks_a_long_bottom_axis_title_into_lines_no_wider_than_the_plot()
    {
        var (wide, narrow) = (SubgroupChart.Build(null, Sales, Groups), SubgroupChart.Build(null, Sales, Groups));

        ChartStyle.Png(wide, 900, SubgroupChart.Height(Groups.Count));
        ChartStyle.Png(narrow, ChartFit.NarrowWidth, SubgroupChart.Height(Groups.Count));

        using var paint = Paint.NewDisposablePaint();
        Assert.That(narrow.Axes.Bottom.Label.Measure(paint).Width,
            Is.LessThanOrEqualTo(narrow.RenderManager.LastRender.DataRect.Width), "centred under the plot: inside");
        Assert.That(wide.Axes.Bottom.Label.Text, Does.Not.Contain('\n'));
    }

    static IEnumerable<TestCaseData> Charts()
    {
        yield return new TestCaseData((Func<string?, Plot>)(t => ImpactMatrixChart.Build(t,
        [
            new("Sales coaching", "Monthly sales", Verdicts.Improved, "+5.9 sales"),
            new("Sales coaching", "Handle time", Verdicts.NoMeaningfulEffect, "-0.01 minutes"),
            new("Compliance", "Monthly sales", Verdicts.Insufficient, ""),
        ]))).SetArgDisplayNames("impact matrix");
        yield return new TestCaseData((Func<string?, Plot>)(t => CompletionVsEffectChart.Build(t, Sales,
        [
            new("Negotiation masterclass", 0.25, 4.4, -0.001, -0.28, 0.28, Verdicts.NoMeaningfulEffect),
            new("Sales coaching", 0.13, 5.9, 5.93, 5.62, 6.24, Verdicts.Improved),
            new("Compliance", 0.96, null, null, null, null, Verdicts.Insufficient),
        ]))).SetArgDisplayNames("completion is not impact");
        yield return new TestCaseData((Func<string?, Plot>)(t => TrendWithWavesChart.Build(t, Sales,
            "Sales coaching",
            Enumerable.Range(0, 12).Select(m => new TrendPoint(new DateOnly(2025, 1, 1).AddMonths(m), 40 + m % 4))
                .ToList(),
            [new(new DateOnly(2025, 4, 1), 30), new(new DateOnly(2025, 5, 1), 45)])))
            .SetArgDisplayNames("trend with completion waves");
        yield return new TestCaseData((Func<string?, Plot>)(t => EventStudyChart.Build(t, Sales,
            [new(-2, 0.1, -0.5, 0.7), new(-1, 0, -0.4, 0.4), new(0, 5.9, 5.3, 6.5), new(1, 6.1, 5.4, 6.8)],
            Verdicts.Improved))).SetArgDisplayNames("event study with band");
        yield return new TestCaseData((Func<string?, Plot>)(t => SubgroupChart.Build(t, Sales, Groups)))
            .SetArgDisplayNames("who it worked for");
        yield return new TestCaseData((Func<string?, Plot>)(t => ValueChart.Build(t, "EUR",
            [new("Sales coaching on Monthly sales", 801, 760, 842, -0.33)], "none")))
            .SetArgDisplayNames("value");
        yield return new TestCaseData((Func<string?, Plot>)(t => ValueChart.Build(t, "EUR", [],
            "No value is claimed: no cost is known."))).SetArgDisplayNames("value, none claimed");
    }

    [TestCaseSource(nameof(Charts))]
    public void A_chart_draws_as_a_png_of_twice_the_asked_size(Func<string?, Plot> draw)
    {
        var png = ChartStyle.Png(draw("Sales coaching raised Monthly sales by 5.93 sales per person"), 480, 270);

        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        using var image = SkiaSharp.SKBitmap.Decode(png);
        Assert.That((image.Width, image.Height), Is.EqualTo((960, 540)));
    }

    [TestCaseSource(nameof(Charts))]
    public void A_chart_draws_as_svg_that_parses_and_names_the_bundled_font_with_fallbacks(Func<string?, Plot> draw)
    {
        var svg = ChartStyle.Svg(draw("Sales coaching raised Monthly sales"), 480, 270);

        var root = XDocument.Parse(svg).Root!;
        Assert.That(root.Name.LocalName, Is.EqualTo("svg"));
        Assert.That(svg, Does.Contain(ChartFont.SvgFamilies));
        Assert.That(svg, Does.Not.Contain("font-family=\"Liberation Sans\""), "a family without fallbacks");
    }

    [Test]
    public void The_bundled_font_is_what_charts_draw_with()
    {
        Assert.That(File.Exists(Path.Combine(AppContext.BaseDirectory, "Charts", "Fonts",
            "LiberationSans-Regular.ttf")), Is.True);
        var plot = ChartStyle.New();
        Assert.That(plot.Axes.Bottom.TickLabelStyle.FontName, Is.EqualTo(ChartFont.Family));
        Assert.That(Fonts.GetTypeface(ChartFont.Ensure(), bold: false, italic: false).FamilyName,
            Is.EqualTo(ChartFont.Family));
    }

    [Test]
    public void A_long_title_is_wrapped_at_spaces_and_keeps_every_word()
    {
        const string title = "No detectable effect of the negotiation masterclass on sales — completers were " +
                             "already top sellers (raw gap +4.4 sales)";
        var wrapped = ChartStyle.Wrap(title, 40);

        Assert.That(wrapped.Split('\n'), Has.All.Length.LessThanOrEqualTo(40));
        Assert.That(wrapped.Replace('\n', ' '), Is.EqualTo(title));
    }

    [TestCase(3, 8, 3)]
    [TestCase(12, 8, 6)]
    [TestCase(36, 8, 8)]
    [TestCase(1, 8, 1)]
    public void A_date_axis_names_each_month_once_and_keeps_to_its_tick_budget(int months, int budget, int ticks)
    {
        var first = new DateOnly(2025, 11, 1);
        var plot = TrendWithWavesChart.Build(null, Sales, "Sales coaching",
            Enumerable.Range(0, months).Select(m => new TrendPoint(first.AddMonths(m), 40)).ToList(), []);
        ChartStyle.Png(plot, 900, 340);

        var labels = plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Label).ToList();
        Assert.That(labels, Is.Unique);
        Assert.That(labels, Has.Count.EqualTo(ticks));
        Assert.That(labels[0], Is.EqualTo("Nov 2025"));
        Assert.That(ChartStyle.MonthTicks(first, first.AddMonths(months - 1), budget), Has.Count.EqualTo(ticks));
    }

    [Test]
    public void A_trend_with_waves_shows_the_whole_trend_not_only_the_months_with_completions()
    {
        var first = new DateOnly(2024, 1, 1);
        var trend = Enumerable.Range(0, 24).Select(m => new TrendPoint(first.AddMonths(m), 40 + m % 3)).ToList();
        var plot = TrendWithWavesChart.Build(null, Sales, "Compliance", trend,
            [new(new DateOnly(2024, 3, 1), 900), new(new DateOnly(2024, 4, 1), 1000)]);

        ChartStyle.Png(plot, 900, 340);

        Assert.That(plot.Axes.Bottom.Range.Min, Is.LessThanOrEqualTo(ChartStyle.X(first)));
        Assert.That(plot.Axes.Bottom.Range.Max, Is.GreaterThanOrEqualTo(ChartStyle.X(first.AddMonths(23))));
    }
}
