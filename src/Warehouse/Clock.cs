namespace Impact.Warehouse;

/// <summary>Timestamps as stored in the warehouse: UTC ISO-8601 text, the same on every engine.</summary>
public static class Clock
{
    public static string UtcStamp(DateTimeOffset? at = null) =>
        (at ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
            System.Globalization.CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) =>
        date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
