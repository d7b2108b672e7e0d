namespace Impact.Tests.Dashboard.Pages;

/// <summary>The overview as a browser gets it: the matrix links each cell to its evidence, the completion
/// table sets the naive difference beside the effect, and the run state says what became of the newest run.
/// </summary>
public sealed class OverviewRenderingTests : RenderedPageFixture
{
    [Test]
    public async Task Matrix_cell_says_its_verdict_and_effect_and_links_to_the_evidence()
    {
        var html = await Html("/");
        Assert.That(html, Does.Match(
            @"<a href=""/Interventions/coach#m-fcr"">\s*<span class=""offscreen"">Call coaching on " +
            @"First-contact resolution:</span>\s*<span class=""word"">Improved</span>\s*" +
            @"<span class=""effect"">\+4.20"));
        var evidence = await Html("/Interventions/coach");
        Assert.That(evidence, Does.Contain("id=\"m-fcr\""), "the cell's anchor exists on the evidence page");
    }

    [Test]
    public async Task Completion_table_sets_naive_difference_beside_the_causal_effect()
    {
        var html = await Html("/");
        Assert.That(html, Does.Match(@"<td class=""stack-head"">Call coaching</td>\s*" +
            @"<td data-label=""Metric"">First-contact resolution</td>\s*" +
            @"<td class=""num"" data-label=""Completion rate"">50%</td>\s*" +
            @"<td class=""num"" data-label=""Naive difference"">\+9.80</td>\s*" +
            @"<td class=""num"" data-label=""Causal effect"">\+4.20</td>\s*" +
            @"<td class=""num"" data-label=""95% CI"">\[\+2.04, \+6.36\]</td>"));
    }

    [Test]
    public async Task Run_state_names_the_failed_newer_run_and_the_run_shown()
    {
        var html = await Html("/");
        Assert.That(html, Does.Match(@"Run #3 failed, 2025-05-03 00:00 UTC \(\d+ \w+ ago\): it left no message\."));
        Assert.That(html, Does.Match(@"The verdicts below are from run #2 \(2025-05-02 00:00 UTC"));
    }

    [Test]
    public async Task Metric_card_shows_latest_value_and_a_direction_aware_change_in_words()
    {
        var html = await Html("/");
        Assert.That(html, Does.Match(@"<span class=""value"">77.00 %</span>\s*<span class=""muted small"">" +
            @"in 2025-03-01</span>\s*<span class=""change better""><span aria-hidden=""true"">▲</span>\s*" +
            @"\+2.00 % since 2025-01-01, better"));
        Assert.That(html, Does.Contain("one period so far (2025-01-01)"), "handle time has one period");
    }
}
