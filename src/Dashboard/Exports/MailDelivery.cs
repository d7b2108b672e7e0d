using MailKit.Net.Smtp;
using MimeKit;
using MimeKit.Utils;

namespace Impact.Dashboard.Exports;

/// <summary>
/// Sends one owner's pack: the brief as the message body (its charts as inline parts, which mail clients
/// show where they block data URIs) and the deck attached.
/// </summary>
public static class MailDelivery
{
    public static MimeMessage Message(SmtpSettings smtp, IReadOnlyList<string> to, PackData pack, byte[] deck)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var address in to) message.To.Add(MailboxAddress.Parse(address));
        message.Subject = $"Impact brief: {pack.Scope} (estimate run {pack.Run.RunId})";
        var body = new BodyBuilder();
        var ids = new Dictionary<string, string>();
        var briefCharts = BriefCharts.For(pack);
        foreach (var (chart, _) in briefCharts)
        {
            var part = body.LinkedResources.Add($"{chart.Name}.png", BriefCharts.Image(chart),
                new ContentType("image", "png"));
            part.ContentId = MimeUtils.GenerateMessageId();
            ids[chart.Name] = part.ContentId;
        }
        body.HtmlBody = BriefHtml.Render(pack, briefCharts, c => "cid:" + ids[c.Name], DateTimeOffset.UtcNow);
        body.TextBody = string.Join("\n", BriefHtml.Ordered(pack.Findings).Select(p => "- " + Headlines.Title(p))) +
                        "\n\nThe deck is attached.";
        body.Attachments.Add("impact.pptx", deck,
            new ContentType("application", "vnd.openxmlformats-officedocument.presentationml.presentation"));
        message.Body = body.ToMessageBody();
        return message;
    }

    public static async Task SendAsync(SmtpSettings smtp, IEnumerable<MimeMessage> messages, CancellationToken ct)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Tls, ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        foreach (var message in messages) await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
