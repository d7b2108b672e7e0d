using Impact.Warehouse;
using MailKit.Security;
using Microsoft.Extensions.Configuration;

namespace Impact.Dashboard.Exports;

/// <summary>
/// Where packs are e-mailed from, bound at the edge from <c>IMPACT_SMTP_HOST</c>, <c>IMPACT_SMTP_PORT</c>
/// (587), <c>IMPACT_SMTP_TLS</c> (<c>starttls</c>, <c>ssl</c> or <c>none</c>; default starttls),
/// <c>IMPACT_SMTP_USER</c>, <c>IMPACT_SMTP_PASSWORD</c> and <c>IMPACT_SMTP_FROM</c>. The password never
/// appears in <see cref="ToString"/>, logs or the export record.
/// </summary>
public sealed record SmtpSettings(string Host, int Port, SecureSocketOptions Tls, string? User, string? Password,
    string From)
{
    public const string Prefix = "IMPACT_SMTP_";

    /// <summary>Whether mail is set up at all: a scheduled export then also e-mails the owners' packs.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[Prefix + "HOST"]);

    public static SmtpSettings Bind(IConfiguration configuration)
    {
        var host = configuration[Prefix + "HOST"];
        if (string.IsNullOrWhiteSpace(host))
            throw new ImpactException($"E-mail delivery needs {Prefix}HOST (and usually {Prefix}USER and " +
                $"{Prefix}PASSWORD) in the environment.");
        var portText = configuration[Prefix + "PORT"];
        var port = 587;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new ImpactException($"{Prefix}PORT must be a port number (got '{portText}').");
        var tls = (configuration[Prefix + "TLS"] ?? "starttls").Trim().ToLowerInvariant() switch
        {
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            "none" => SecureSocketOptions.None,
            var other => throw new ImpactException($"{Prefix}TLS must be starttls, ssl or none (got '{other}')."),
        };
        var from = configuration[Prefix + "FROM"];
        return new SmtpSettings(host, port, tls, configuration[Prefix + "USER"], configuration[Prefix + "PASSWORD"],
            string.IsNullOrWhiteSpace(from) ? "impact@localhost" : from);
    }

    public override string ToString() =>
        $"{Host}:{Port} ({Tls}), user {User ?? "(none)"}, password {(Password is null ? "(none)" : "(set)")}";
}
