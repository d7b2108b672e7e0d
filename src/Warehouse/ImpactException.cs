namespace Impact.Warehouse;

/// <summary>
/// A failure the user can act on, with a message that is one plain sentence (no stack trace).
/// The CLI prints it and exits 1; the dashboard shows it on its error page.
/// </summary>
public sealed class ImpactException(string message, Exception? inner = null) : Exception(message, inner);
