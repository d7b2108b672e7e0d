namespace Impact.Tests.Dashboard.Pages.Interventions;

/// <summary>The intervention list and pages as a browser gets them.</summary>
public sealed class InterventionsRenderingTests : RenderedPageFixture
{
    [Test]
    public async Task Intervention_page_puts_the_naive_difference_beside_the_estimate_and_explains_missing_evidence()
    {
        var coach = await Html("/Interventions/coach");
        Assert.That(coach, Does.Contain("+4.20 %"));
        Assert.That(coach, Does.Contain("[+2.04, +6.36]"));
        Assert.That(coach, Does.Contain("what a completion dashboard implies"));
        Assert.That(coach, Does.Contain("+9.80"));
        Assert.That(coach, Does.Contain("?handler=Chart&metric=fcr"));
        var mandatory = await Html("/Interventions/mandatory");
        Assert.That(mandatory, Does.Contain("Not enough evidence:"));
        Assert.That(mandatory, Does.Contain(DashboardSeed.InsufficientReason));
        var elearn = await Html("/Interventions/elearn");
        Assert.That(elearn, Does.Contain("Weak overlap: 12% of the comparison group was trimmed."));
    }

    [Test]
    public async Task Value_follows_the_executive_packs_rule_and_says_why_none_is_claimed()
    {
        // The seed gives First-contact resolution no value per unit, so even the demonstrated effect has no value.
        var coach = await Html("/Interventions/coach");
        Assert.That(coach, Does.Contain("No value is claimed: First-contact resolution has no value per unit."));
        Assert.That(coach, Does.Not.Contain("504 EUR"));
        var elearn = await Html("/Interventions/elearn");
        Assert.That(elearn, Does.Contain("No value is claimed: the effect's 95% interval includes zero."));
    }

    [Test]
    public async Task Interventions_list_and_metric_page_link_the_verdicts()
    {
        var list = await Html("/Interventions");
        Assert.That(list, Does.Contain("Call coaching").And.Contain("/Interventions/coach"));
        var metric = await Html("/Metrics/fcr");
        Assert.That(metric, Does.Contain("Head of Customer Service"));
        Assert.That(metric, Does.Contain("12.91"), "January's spread across subjects");
        Assert.That(metric, Does.Contain("/Interventions/mandatory"));
    }
}
