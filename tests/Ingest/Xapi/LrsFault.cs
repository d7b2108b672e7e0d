namespace Impact.Tests.Ingest.Xapi;

/// <summary>
/// What the LRS stand-in does to one request instead of answering it well, as LRSs and the proxies in
/// front of them do in the field. Give it to <see cref="FakeLrs.Fail"/> or <see cref="FakeLrs.FailFrom"/>.
/// </summary>
public abstract record LrsFault
{
    /// <summary>An error status and nothing else, e.g. 429 (with its Retry-After, in seconds), 500 or 503.</summary>
    public static LrsFault Status(int status, int? retryAfterSeconds = null) =>
        new StatusFault(status, retryAfterSeconds);

    /// <summary>A 200 whose body is this text instead of the page (a proxy's HTML, broken JSON).</summary>
    public static LrsFault Body(string text) => new BodyFault(text);

    /// <summary>
    /// Announces the whole page's length, sends its first <paramref name="bytes"/> bytes, then drops the connection.
    /// </summary>
    public static LrsFault CutShort(int bytes) => new CutShortFault(bytes);

    /// <summary>
    /// Waits <paramref name="duration"/> (until the stand-in is disposed when null) before answering, or after
    /// the headers and the first <paramref name="afterBytes"/> bytes of the page when given; then sends the rest.
    /// </summary>
    public static LrsFault Stall(TimeSpan? duration = null, int? afterBytes = null) =>
        new StallFault(duration, afterBytes);

    /// <summary>The stand-in itself fails while answering (it must answer 500, and go on serving).</summary>
    public static LrsFault Throw(string message) => new ThrowFault(message);
}

public sealed record StatusFault(int Code, int? RetryAfterSeconds) : LrsFault;

public sealed record BodyFault(string Text) : LrsFault;

public sealed record CutShortFault(int Bytes) : LrsFault;

public sealed record StallFault(TimeSpan? Duration, int? AfterBytes) : LrsFault;

public sealed record ThrowFault(string Message) : LrsFault;
