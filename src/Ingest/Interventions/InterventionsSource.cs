using System.Data;
using System.Data.Common;
using Impact.Ingest.Csv;
using Impact.Ingest.Pipeline;

namespace Impact.Ingest.Interventions;

/// <summary>
/// <c>interventions</c>: <c>intervention_id, name, kind</c> and optional <c>cost_per_participant, currency</c>.
/// Describes interventions that completions may already have created from their id alone.
/// </summary>
public sealed class InterventionsSource(string path) : CsvSource<Intervention>(path)
{
    public override string Name => "interventions";

    Field id = null!, name = null!, kind = null!, cost = null!, currency = null!;
    Upsert upsert = null!;

    protected override void Bind(CsvHeader header)
    {
        (id, kind) = header.RequireFields("intervention_id", "kind") switch { var f => (f[0], f[1]) };
        name = header.Field("name");
        cost = header.Field("cost_per_participant");
        currency = header.Field("currency");
        var values = new List<Column> { new("kind", DbType.String) };
        if (name.Present) values.Add(new("name", DbType.String));
        if (cost.Present) values.Add(new("cost_per_participant", DbType.Double));
        if (currency.Present) values.Add(new("currency", DbType.String));
        upsert = new Upsert(Context.Connection, Context.Dialect, "interventions",
            [new("intervention_id", DbType.String)], values,
            [new("ingest_run_id", DbType.Int64)]);
    }

    protected override Checked<Intervention> Check(CsvRecord r)
    {
        var interventionId = Id(id.Of(r), out var problem);
        if (interventionId is null) return Refuse(r, "intervention_id", problem!);
        var k = Intervention.NormalizeKind(kind.Of(r));
        if (k is null) return Refuse(r, "kind",
            $"{Values.Show(kind.Of(r).Trim())} is not a kind; use one of {string.Join(", ", Intervention.Kinds)}.");
        double? perHead = null;
        var costText = cost.Of(r).Trim();
        if (costText.Length > 0)
        {
            if (!Values.TryNumber(costText, out var c) || c < 0) return Refuse(r, "cost_per_participant",
                $"{Values.Show(costText)} is not a cost (a number, 0 or more).");
            perHead = c;
        }
        var cur = currency.Of(r).Trim();
        if (cur.Length > 0 && (cur.Length != 3 || !cur.All(char.IsAsciiLetter)))
            return Refuse(r, "currency", $"{Values.Show(cur)} is not a 3-letter currency code.");
        var title = OptionalName(name.Of(r), out problem);
        if (problem is not null) return Refuse(r, "name", problem);
        var code = cur.Length == 0 ? null : cur.ToUpperInvariant();
        return Checked<Intervention>.Ok(r.Line, new Intervention(interventionId, title, k, perHead, code));
    }

    public override string? KeyOf(Intervention row) => row.InterventionId;

    public override Task<RowOutcome> WriteAsync(Intervention row, DbTransaction tx, CancellationToken ct)
    {
        upsert["intervention_id"] = row.InterventionId;
        upsert["kind"] = row.Kind;
        // Columns the file lacks are not in the upsert: a stored value stays as it was.
        if (name.Present) upsert["name"] = row.Name;
        if (cost.Present) upsert["cost_per_participant"] = row.CostPerParticipant;
        if (currency.Present) upsert["currency"] = row.Currency;
        upsert["ingest_run_id"] = Context.RunId;
        return upsert.RunAsync(tx, ct);
    }

    public override async ValueTask DisposeAsync()
    {
        if (upsert is not null) await upsert.DisposeAsync();
        await base.DisposeAsync();
    }
}
