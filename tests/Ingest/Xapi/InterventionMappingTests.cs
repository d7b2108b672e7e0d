using Impact.Ingest.Xapi;

namespace Impact.Tests.Ingest.Xapi;

public sealed class InterventionMappingTests
{
    [Test]
    public void Without_a_prefix_the_activity_iri_is_the_intervention_id() =>
        Assert.That(new InterventionMapping().Map("https://lms.example.com/course/sales-101"),
            Is.EqualTo("https://lms.example.com/course/sales-101"));

    [Test]
    public void A_configured_prefix_is_stripped_and_other_iris_are_kept_whole()
    {
        var mapping = new InterventionMapping("https://lms.example.com/course/");
        Assert.That(mapping.Map("https://lms.example.com/course/sales-101"), Is.EqualTo("sales-101"));
        Assert.That(mapping.Map("https://lms.example.com/course/sales-101/"), Is.EqualTo("sales-101"));
        Assert.That(mapping.Map("https://other.example.com/x"), Is.EqualTo("https://other.example.com/x"));
        Assert.That(mapping.Map("https://lms.example.com/course/"), Is.EqualTo("https://lms.example.com/course/"));
    }
}
