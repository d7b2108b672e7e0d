namespace Impact.Tests.Dashboard.Pages.Engagement;

/// <summary>The engagement page as a browser gets it.</summary>
public sealed class EngagementRenderingTests : RenderedPageFixture
{
    [Test]
    public async Task Engagement_hides_small_groups_and_says_it_is_not_performance()
    {
        var html = await Html("/Engagement");
        Assert.That(html, Does.Contain("Engagement is not performance"));
        Assert.That(html, Does.Contain("hidden: fewer than 5 responses"));
        Assert.That(html, Does.Contain("Support North"));
        Assert.That(html, Does.Not.Contain("+50"),
            "T1's eNPS (+50) would give T2's beside the organisation's: only the two teams answered it");
        Assert.That(html, Does.Contain("3.67"), "T1's belonging: 22 over 6 answers");
        Assert.That(html, Does.Contain("Belonging"), "items read as words, not column names");
        Assert.That(html, Does.Not.Contain("1.00"), "T2's all-1 answers must not appear anywhere");
    }
}
