namespace Impact.Dashboard.Jobs;

/// <summary>
/// A feed failed because of its data (a file that cannot be read, every row refused, no source for a dropped
/// file, an export schedule with no estimate run to export): trying again changes nothing, so Hangfire sends it
/// straight to Failed (<c>ExceptOn</c>).
/// </summary>
public sealed class BadFeedDataException(string message) : Exception(message);

/// <summary>A feed failed for a passing reason (the warehouse unreachable, a dropped connection): retried.</summary>
public sealed class FeedFaultException(string message) : Exception(message);
