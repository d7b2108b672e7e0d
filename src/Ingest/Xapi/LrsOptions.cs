using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Ingest.Xapi;

/// <summary>
/// Where the LRS is and how to sign in. The key and secret come from the environment
/// (<c>IMPACT_LRS_KEY</c>, <c>IMPACT_LRS_SECRET</c>), never from the command line or the repository,
/// so they stay out of shell history and process lists.
/// </summary>
public sealed record LrsOptions(Uri BaseUrl, string? Key, string? Secret, int PageSize = 500)
{
    public const string KeyVariable = "IMPACT_LRS_KEY";
    public const string SecretVariable = "IMPACT_LRS_SECRET";
    public const string TimeoutVariable = "IMPACT_LRS_TIMEOUT";

    /// <summary>How long one page may take, body included (<c>IMPACT_LRS_TIMEOUT</c> seconds, default 120).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a page that met a passing fault (timeout, 5xx, body cut short) is asked for again.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public static LrsOptions FromEnvironment(string baseUrl, int pageSize = 500)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ImpactException($"--lrs '{baseUrl}' is not an http(s) address such as https://lrs.example.com/xapi/.");
        var timeout = Environment.GetEnvironmentVariable(TimeoutVariable);
        var seconds = 120;
        if (!string.IsNullOrWhiteSpace(timeout)
            && (!int.TryParse(timeout, System.Globalization.CultureInfo.InvariantCulture, out seconds) || seconds < 1))
            throw new ImpactException(
                $"{TimeoutVariable} must be a whole number of seconds, at least 1 (got '{timeout.Trim()}').");
        var key = Environment.GetEnvironmentVariable(KeyVariable);
        var secret = Environment.GetEnvironmentVariable(SecretVariable);
        return new LrsOptions(uri, key, secret, pageSize)
        {
            Timeout = TimeSpan.FromSeconds(seconds),
            Retry = RetryPolicy.FromEnvironment(),
        };
    }

    /// <summary>The same LRS as a watermark key: one watermark per LRS endpoint, without credentials.</summary>
    public string SourceKey => "xapi:" + new UriBuilder(BaseUrl) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.AbsoluteUri.TrimEnd('/');
}
