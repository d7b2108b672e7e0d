using Impact.Ingest;
using Impact.Ingest.Sql;
using Impact.Warehouse;
using Microsoft.Extensions.Configuration;

namespace Impact.Tests.Ingest;

/// <summary>Ingest's settings, bound from their environment names in one place.</summary>
public sealed class IngestServicesTests
{
    static IConfiguration Settings(params (string Key, string Value)[] values) => new ConfigurationBuilder()
        .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Test]
    public void Every_ingest_setting_is_bound_from_its_environment_name()
    {
        var options = IngestServices.Bind(Settings(
            ("IMPACT_PSEUDONYM_KEY", "a-long-enough-test-secret"),
                ("IMPACT_XAPI_ACTIVITY_PREFIX", "https://lms.example/c/"),
            ("IMPACT_LRS_KEY", "reader"), ("IMPACT_LRS_SECRET", "s3cret-value"),
            ("IMPACT_SQL_OPS", "sqlite:ops.db"), ("IMPACT_SQL_OPS_QUERY", "SELECT 1 WHERE @since IS NOT NULL")));

        Assert.That(options.Pseudonymizer!.Enabled, Is.True);
        Assert.That(options.XapiActivityPrefix, Is.EqualTo("https://lms.example/c/"));
        Assert.That((options.Lrs.Key, options.Lrs.Secret), Is.EqualTo(("reader", "s3cret-value")));
        Assert.That(options.ToString(), Does.Not.Contain("s3cret-value"),
            "options get logged; the LRS secret must not");
        var ops = SqlConnectionSettings.Find("ops", options.SqlSources);
        Assert.That((ops.Target.Engine, ops.Query), Is.EqualTo((Engine.Sqlite, "SELECT 1 WHERE @since IS NOT NULL")));
    }

    [Test]
    public void Nothing_set_means_no_pseudonyms_no_credentials_and_no_sql_sources()
    {
        var options = IngestServices.Bind(Settings());
        Assert.That(options.Pseudonymizer!.Enabled, Is.False);
        Assert.That((options.XapiActivityPrefix, options.Lrs.Key, options.SqlSources.Count),
            Is.EqualTo(((string?)null, (string?)null, 0)));
    }

    [Test]
    public void A_short_pseudonymisation_key_is_refused_when_the_settings_are_bound()
    {
        var e = Assert.Throws<ImpactException>(() => IngestServices.Bind(Settings(("IMPACT_PSEUDONYM_KEY", "short"))))!;
        Assert.That(e.Message, Does.Contain("IMPACT_PSEUDONYM_KEY").And.Contain("shorter than 16"));
    }
}
