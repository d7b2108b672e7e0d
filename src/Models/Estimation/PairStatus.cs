namespace Impact.Models.Estimation;

/// <summary>
/// Whether a pair was estimated at all, as stored in estimate_results.status: "estimated" carries an
/// effect and its interval; "insufficient_data" carries only the reason (and the verdict of the same name).
/// </summary>
public static class PairStatus
{
    public const string Estimated = "estimated";
    public const string InsufficientData = "insufficient_data";
}
