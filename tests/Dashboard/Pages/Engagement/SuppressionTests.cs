using Impact.Dashboard.Pages.Engagement;
using Impact.Warehouse.Surveys;

namespace Impact.Tests.Dashboard.Pages.Engagement;

/// <summary>Complementary suppression: the hidden groups of a parent together reach the minimum, or are none.
/// </summary>
public sealed class SuppressionTests
{
    static readonly GroupSizeRule Five = GroupSizeRule.Of(5);

    [Test]
    public void One_small_group_takes_the_smallest_visible_one_with_it()
    {
        Assert.That(Suppression.Hide([6, 3, 5, 8], Five), Is.EqualTo(new[] { false, true, true, false }));
    }

    [Test]
    public void Small_groups_that_together_reach_the_minimum_need_no_company()
    {
        Assert.That(Suppression.Hide([6, 3, 2, 8], Five), Is.EqualTo(new[] { false, true, true, false }));
        Assert.That(Suppression.Hide([6, 7], Five), Is.EqualTo(new[] { false, false }));
    }

    [Test]
    public void Groups_already_hidden_count_towards_the_hidden_total_and_empty_groups_are_no_protection()
    {
        Assert.That(Suppression.Hide([6, 0, 9], Five, [false, true, false]), Is.EqualTo(new[] { false, true, false }),
            "an empty hidden group hides nothing");
        Assert.That(Suppression.Hide([6, 2, 9], Five, [false, false, true]), Is.EqualTo(new[] { false, true, true }),
            "a part already hidden with 9 answers protects the small one");
        Assert.That(Suppression.Hide([4], Five), Is.EqualTo(new[] { true }), "nothing to hide beside it");
    }
}
