namespace Impact.Ingest.Xapi;

/// <summary>
/// How to sign in to an LRS, from <c>IMPACT_LRS_KEY</c> and <c>IMPACT_LRS_SECRET</c> (bound at the edge,
/// never from the command line, so they stay out of shell history and process lists). Options get logged,
/// so the secret never appears in <see cref="ToString"/>.
/// </summary>
public sealed record LrsCredentials(string? Key, string? Secret)
{
    public static readonly LrsCredentials None = new(null, null);

    public override string ToString() =>
        $"LrsCredentials {{ Key = {Key ?? "none"}, Secret = {(Secret is null ? "none" : "***")} }}";
}
