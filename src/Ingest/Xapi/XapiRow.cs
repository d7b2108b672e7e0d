namespace Impact.Ingest.Xapi;

/// <summary>
/// A statement ready to store: the statement, the actor key as stored (pseudonymised when configured),
/// the employee it maps to (none for voiding statements, whose actor is usually an administrator),
/// and the intervention its activity maps to.
/// </summary>
public sealed record XapiRow(XapiStatement Statement, string ActorKey, string? EmployeeId, string? InterventionId);
