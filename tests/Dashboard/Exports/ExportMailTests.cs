using Impact.Dashboard.Exports;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Impact.Tests.Dashboard.Exports;

/// <summary>E-mail delivery against an SMTP server started in the test on loopback.</summary>
public sealed class ExportMailTests
{
    [Test]
    public async Task Each_owner_with_recipients_gets_one_message_with_the_brief_inline_and_the_deck_attached()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await ExportSeed.SeedAsync(warehouse);
        await ExportRuns.AddRecipientAsync(warehouse, Impact.Tests.Dashboard.DashboardSeed.ServiceOwner,
            "head.service@example.com", CancellationToken.None);
        await ExportRuns.AddRecipientAsync(warehouse, ExportSeed.FormulaOwner, "other@example.com",
            CancellationToken.None);
        await ExportRuns.AddRecipientAsync(warehouse, ExportSeed.FormulaOwner, "Other@Example.com ",
            CancellationToken.None);
        await using var smtp = LoopbackSmtp.Start();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IMPACT_SMTP_HOST"] = "127.0.0.1", ["IMPACT_SMTP_PORT"] = smtp.Port.ToString(),
            ["IMPACT_SMTP_TLS"] = "none",
            ["IMPACT_SMTP_FROM"] = "impact@example.com",
        }).Build();

        var result = await new ExportPack(warehouse, settings).RunAsync(
            new ExportOptions { Email = true, RequestedBy = "test" }, CancellationToken.None);

        Assert.That(smtp.Messages.Select(m => string.Join(",", m.Recipients)),
            Is.EquivalentTo(new[] { "head.service@example.com", "other@example.com" }));
        Assert.That(result.MailedTo, Has.Count.EqualTo(2));
        foreach (var (_, message) in smtp.Messages)
        {
            Assert.That(message.Attachments.OfType<MimePart>().Select(a => a.FileName),
                Is.EqualTo(new[] { "impact.pptx" }));
            Assert.That(message.HtmlBody, Does.Contain("Which learning moved our numbers?").And.Contain("cid:"));
        }
        var serviceBrief = smtp.Messages.Single(m => m.Recipients[0] == "head.service@example.com").Message.HtmlBody;
        Assert.That(serviceBrief, Does.Contain("First-contact resolution").And.Not.Contain("HYPERLINK"),
            "each owner gets only their own metrics");
    }

    [Test]
    public async Task Mail_without_an_smtp_host_is_refused_before_anything_is_recorded()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        await ExportSeed.SeedAsync(warehouse);
        var refused = Assert.ThrowsAsync<ImpactException>(() => new ExportPack(warehouse,
            new ConfigurationBuilder().Build()).RunAsync(new ExportOptions { Email = true }, CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain("IMPACT_SMTP_HOST"));
    }
}
