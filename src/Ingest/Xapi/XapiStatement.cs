namespace Impact.Ingest.Xapi;

/// <summary>
/// One xAPI 1.0.3 statement, reduced to what Impact uses: who (a canonical actor key), did what
/// (the verb IRI, never its display text), to which activity or statement, with what result, and when.
/// </summary>
public sealed record XapiStatement(
    string Id,
    XapiActor Actor,
    string VerbId,
    XapiObject Object,
    XapiResult? Result,
    DateTimeOffset? Timestamp,
    DateTimeOffset? Stored)
{
    public bool IsVoiding => VerbId == VerbMap.Voided && Object.Kind == XapiObjectKind.StatementRef;

    /// <summary>When it happened: the timestamp, else when the LRS stored it (the spec lets either be
    /// absent).</summary>
    public DateTimeOffset? OccurredAt => Timestamp ?? Stored;
}

/// <summary>
/// The actor by its inverse functional identifier, as a canonical key (see <see cref="ActorKey"/>).
/// <see cref="Sha1Key"/> is the mbox_sha1sum form of an mbox, so an identity given either way matches.
/// </summary>
public sealed record XapiActor(string Key, string? Sha1Key, bool IsGroup);

public enum XapiObjectKind { Activity, StatementRef, Other }

/// <summary>
/// The statement's object: an activity IRI (with its definition's name, when given), a statement id
/// (StatementRef), or something Impact does not use.
/// </summary>
public sealed record XapiObject(XapiObjectKind Kind, string? Id, string? Name = null);

/// <summary>
/// The result part. <see cref="Score"/> is a percentage (0–100) worked out from raw/min/max when they are
/// given and consistent, else from scaled; see <see cref="StatementParser"/> for why.
/// </summary>
public sealed record XapiResult(double? Score, bool? Success, bool? Completion, TimeSpan? Duration);

/// <summary>A statement the reader could not use, with where it was and why, in words a data clerk
/// understands.</summary>
public sealed record XapiRejection(int Index, long Line, string? StatementId, string Field, string Reason);
