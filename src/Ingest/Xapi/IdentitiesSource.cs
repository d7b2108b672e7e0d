using System.Data;
using System.Data.Common;
using Impact.Ingest.Csv;
using Impact.Ingest.Pipeline;

namespace Impact.Ingest.Xapi;

/// <summary>One entry of the identity map: this xAPI actor (a key as in <see cref="ActorKey"/>) is this
/// employee.</summary>
public sealed record Identity(string ActorKey, string EmployeeId);

/// <summary>
/// <c>identities</c>: the CSV <c>actor,employee_id</c> that maps xAPI actors to employees. actor is
/// <c>mailto:name@host</c>, an mbox_sha1sum, <c>account:&lt;homePage&gt;|&lt;name&gt;</c> or
/// <c>openid:&lt;uri&gt;</c>. Both sides are pseudonymised when a key is configured, like every
/// identifier. A corrected row (same actor, another employee) updates the map for later statements.
/// </summary>
public sealed class IdentitiesSource(string path) : CsvSource<Identity>(path)
{
    public override string Name => "identities";

    Upsert upsert = null!;
    int actor, employee;

    public override async Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        await base.PrepareAsync(context, ct);
        upsert = new Upsert(context.Connection, context.Dialect, "identities", [new("actor_key", DbType.String)],
            [new("employee_id", DbType.String)]);
    }

    // actor_key (the table's column name) is accepted for actor: people export the table and load it back.
    protected override void Bind(CsvHeader header)
    {
        actor = header.Find("actor") is >= 0 and var a ? a : header.Find("actor_key");
        (actor, employee) = actor >= 0 ? (actor, header.Require("employee_id")[0]) : header.Require("actor",
            "employee_id") switch { var c => (c[0], c[1]) };
    }

    protected override Checked<Identity> Check(CsvRecord r)
    {
        var key = ActorKey.Normalise(r.Get(actor));
        // With pseudonymisation on, not even a malformed actor (often still an e-mail address) is kept.
        var shown = Context.Pseudonymizer.Enabled ? "The actor" : Values.Show(r.Get(actor));
        if (key is null)
            return Refuse(r, "actor",
                $"{shown} is not mailto:name@host, a 40-digit mbox_sha1sum, account:<homePage>|<name> or " +
                "openid:<uri>.");
        if (key.Length > MaxIdLength)
            return Refuse(r, "actor", $"is {key.Length} characters long; at most {MaxIdLength}.");
        var employeeId = Id(r.Get(employee), out var problem);
        if (employeeId is null) return Refuse(r, "employee_id", problem!);
        var p = Context.Pseudonymizer;
        return Checked<Identity>.Ok(r.Line, new Identity(p.Employee(key), p.Employee(employeeId)));
    }

    public override string? KeyOf(Identity row) => row.ActorKey;

    public override Task<RowOutcome> WriteAsync(Identity row, DbTransaction tx, CancellationToken ct)
    {
        upsert["actor_key"] = row.ActorKey;
        upsert["employee_id"] = row.EmployeeId;
        return upsert.RunAsync(tx, ct);
    }

    public override async ValueTask DisposeAsync()
    {
        if (upsert is not null) await upsert.DisposeAsync();
        await base.DisposeAsync();
    }
}
