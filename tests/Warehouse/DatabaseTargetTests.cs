using Impact.Warehouse;

namespace Impact.Tests.Warehouse;

public sealed class DatabaseTargetTests
{
    [Test]
    public void No_setting_means_the_sqlite_default_in_the_current_folder()
    {
        var target = DatabaseTarget.Parse(null);
        Assert.That(target.Engine, Is.EqualTo(Engine.Sqlite));
        Assert.That(target.Display, Does.EndWith(Path.Combine(Environment.CurrentDirectory, "impact.db")));
    }

    [TestCase("postgres:Host=db.local;Port=5433;Username=u;Database=impact", Engine.Postgres)]
    [TestCase("postgresql:Host=db.local;Username=u", Engine.Postgres)]
    [TestCase("sqlserver:Server=tcp:db,1433;Database=impact;User Id=u;Password=p;TrustServerCertificate=true",
        Engine.SqlServer)]
    [TestCase("SQLITE:data/impact.db", Engine.Sqlite)]
    public void Each_scheme_selects_its_engine(string setting, Engine expected) =>
        Assert.That(DatabaseTarget.Parse(setting).Engine, Is.EqualTo(expected));

    [TestCase("impact.db")]
    [TestCase("mysql:Server=x")]
    [TestCase("sqlite:")]
    [TestCase("postgres:   ")]
    public void A_malformed_setting_is_one_sentence_naming_the_forms(string setting)
    {
        var e = Assert.Throws<ImpactException>(() => DatabaseTarget.Parse(setting))!;
        Assert.That(e.Message, Does.Contain("sqlite:<file>").And.Contain("postgres:").And.Contain("sqlserver:"));
    }

    [Test]
    public void A_bad_connection_string_is_named_without_its_password()
    {
        var e = Assert.Throws<ImpactException>(() => DatabaseTarget.Parse("postgres:Hots=x;Password=secret123"))!;
        Assert.That(e.Message, Does.StartWith("The PostgreSQL connection string is not valid"));
        Assert.That(e.Message, Does.Not.Contain("secret123"));

        var unknown = Assert.Throws<ImpactException>(() => DatabaseTarget.Parse("oracle:User=a;Password=secret123"))!;
        Assert.That(unknown.Message, Does.Not.Contain("secret123"));
    }

    [Test]
    public void The_display_name_never_shows_a_password()
    {
        var target = DatabaseTarget.Parse("postgres:Host=h;Username=u;Password=secret123;Database=d");
        Assert.That(target.ToString(), Does.Not.Contain("secret123"));
    }
}
