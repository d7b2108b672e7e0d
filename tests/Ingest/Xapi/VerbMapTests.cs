using Impact.Ingest.Xapi;

namespace Impact.Tests.Ingest.Xapi;

public sealed class VerbMapTests
{
    [TestCase("http://adlnet.gov/expapi/verbs/completed", "completed")]
    [TestCase("http://adlnet.gov/expapi/verbs/passed", "passed")]
    [TestCase("http://adlnet.gov/expapi/verbs/failed", "failed")]
    [TestCase("http://adlnet.gov/expapi/verbs/attempted", "in_progress")]
    [TestCase("http://adlnet.gov/expapi/verbs/experienced", "in_progress")]
    [TestCase("http://adlnet.gov/expapi/verbs/launched", "in_progress")]
    [TestCase("http://adlnet.gov/expapi/verbs/registered", "enrolled")]
    [TestCase("https://w3id.org/xapi/adl/verbs/satisfied", "completed")]
    [TestCase("https://w3id.org/xapi/adl/verbs/waived", null)]
    [TestCase("http://adlnet.gov/expapi/verbs/attended", null)]
    [TestCase("completed", null)]
    public void Verb_iris_map_to_completion_statuses(string verb, string? status) =>
        Assert.That(VerbMap.StatusOf(verb), Is.EqualTo(status));

    [Test]
    public void A_pass_or_fail_outranks_finishing_which_outranks_being_under_way()
    {
        var ordered = new[] { "enrolled", "in_progress", "completed", "failed", "passed" };
        Assert.That(ordered.Select(VerbMap.Rank), Is.Ordered.Ascending.And.Unique);
    }
}
