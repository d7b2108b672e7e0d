namespace Impact.Warehouse.Accounts.Audit;

/// <summary>Who did something, and from where (an IP address, or the machine a command ran on).</summary>
public sealed record Actor(string Name, string? Origin)
{
    /// <summary>Impact itself, e.g. creating the first administrator on first start.</summary>
    public static readonly Actor System = new("impact", null);
}
