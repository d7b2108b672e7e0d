namespace Impact.Accounts.Audit;

/// <summary>Who did something, and from where (an IP address, or the machine a command ran on).</summary>
public sealed record Actor(string Name, string? Origin)
{
    /// <summary>Impact itself, e.g. creating the first administrator on first start.</summary>
    public static readonly Actor System = new("impact", null);

    /// <summary>The operating-system account running the `impact` command.</summary>
    public static Actor CommandLine() =>
        new($"cli:{Environment.UserName}", $"command line on {Environment.MachineName}");
}
