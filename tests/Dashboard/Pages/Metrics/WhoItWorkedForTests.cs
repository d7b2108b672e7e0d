using Impact.Dashboard.Display;
using Impact.Dashboard.Pages.Metrics;

namespace Impact.Tests.Dashboard.Pages.Metrics;

public class WhoItWorkedForTests
{
    [Test]
    public void Groups_whose_intervals_overlap_are_said_not_to_show_a_difference()
    {
        var sentence = WhoItWorkedFor.Sentence("Coaching", [Group("agent", 5, 2, 8), Group("lead", 2, -1, 5)], "%");
        Assert.That(sentence, Does.EndWith("Their 95% intervals overlap, so this does not show that it worked " +
            "differently for them."));
    }

    [Test]
    public void Groups_apart_by_more_than_their_uncertainty_get_no_such_caveat()
    {
        var sentence = WhoItWorkedFor.Sentence("Coaching", [Group("agent", 9, 7, 11), Group("lead", 2, -1, 5)], "%");
        Assert.That(sentence, Does.StartWith("Coaching changed it most for role agent"));
        Assert.That(sentence, Does.EndWith("across 2 groups big enough to estimate."));
    }

    static SubgroupEffect Group(string label, double estimate, double low, double high) =>
        new("role", label, estimate, low, high, 40, 0.01);
}
