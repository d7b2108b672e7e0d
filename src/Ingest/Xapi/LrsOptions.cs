using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Ingest.Xapi;

/// <summary>Where the LRS is and how to sign in (the key and secret: <see cref="LrsCredentials"/>).</summary>
public sealed record LrsOptions(Uri BaseUrl, string? Key, string? Secret, int PageSize = 500)
{
    public const string KeyVariable = "IMPACT_LRS_KEY";
    public const string SecretVariable = "IMPACT_LRS_SECRET";
    public const string TimeoutVariable = "IMPACT_LRS_TIMEOUT";

    /// <summary>How long one page may take, body included (<c>IMPACT_LRS_TIMEOUT</c>, default 120 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a page that met a passing fault (timeout, 5xx, body cut short) is asked for again.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public static LrsOptions For(string baseUrl, LrsCredentials credentials, int pageSize = 500)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ImpactException($"--lrs '{baseUrl}' is not an http(s) address such as " +
                "https://lrs.example.com/xapi/.");
        return new LrsOptions(uri, credentials.Key, credentials.Secret, pageSize);
    }

    /// <summary>The same LRS as a watermark key: one watermark per LRS endpoint, without credentials.</summary>
    public string SourceKey =>
        "xapi:" + new UriBuilder(BaseUrl) { UserName = "", Password = "", Query = "",
        Fragment = "" }.Uri.AbsoluteUri.TrimEnd('/');
}
