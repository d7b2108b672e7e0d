using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Interventions;

/// <summary>Interventions: kinds and costs validated, on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class InterventionsIngestTests(Engine engine)
{
    [Test]
    public async Task Interventions_validate_kind_and_cost()
    {
        var w = await TestDatabases.CreateMigratedAsync(engine);
        var s = await RunAsync(w, "interventions", File("""
            intervention_id,name,kind,cost_per_participant,currency
            I1,Negotiation skills,training,450,eur
            I2,Coaching circle,Coaching,,
            I3,Podcast,radio,10,EUR
            I4,Job aid,job_aid,-5,EUR
            """));
        Assert.That((s.Stored, s.Rejected), Is.EqualTo((2L, 2L)));
        Assert.That(s.FirstRejections.Select(r => r.Field), Is.EqualTo(new[] { "kind", "cost_per_participant" }));
        Assert.That(await QueryAsync<string>(w, "SELECT currency FROM interventions WHERE intervention_id = 'I1'"),
            Is.EqualTo(new[] { "EUR" }));
    }
}
