using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Impact.Ingest.Pipeline;

namespace Impact.Ingest.Metrics;

/// <summary>
/// <c>metrics</c>: a JSON array of metric definitions. Each item is validated on its own and rejected
/// with the line it starts on; engagement is refused because it is not a performance metric.
/// </summary>
public sealed class MetricsSource(string path) : IIngestSource<MetricDefinition>
{
    public string Name => "metrics";
    public string Location { get; } = path;
    public InputKind Kind => InputKind.Json;

    Upsert upsert = null!;
    IngestContext context = null!;

    public Task PrepareAsync(IngestContext context, CancellationToken ct)
    {
        this.context = context;
        upsert = new Upsert(context.Connection, context.Dialect, "metrics",
            [new("metric_id", DbType.String)],
            [new("name", DbType.String), new("unit", DbType.String), new("direction", DbType.String), new("owner", DbType.String),
             new("level", DbType.String), new("kind", DbType.String), new("value_per_unit", DbType.Double), new("currency", DbType.String)],
            [new("ingest_run_id", DbType.Int64)]);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<Checked<MetricDefinition>> ReadAsync(IngestContext context, [EnumeratorCancellation] CancellationToken ct)
    {
        var name = System.IO.Path.GetFileName(Location);
        var bytes = await File.ReadAllBytesAsync(Location, ct); // capped by FileCheck.MaxJsonBytes
        foreach (var (line, item) in JsonItems.Read(name, bytes))
        {
            ct.ThrowIfCancellationRequested();
            yield return Check(line, item);
        }
    }

    static readonly HashSet<string> Known = ["id", "metric_id", "name", "unit", "direction", "owner", "level", "kind", "value_per_unit", "currency", "description"];

    static Checked<MetricDefinition> Check(long line, JsonElement item)
    {
        Checked<MetricDefinition> No(string field, string reason) => Checked<MetricDefinition>.Refuse(line, field, reason, item.GetRawText());
        if (item.ValueKind != JsonValueKind.Object) return No("item", "is not an object with id, name, direction, owner, level and kind.");

        var id = Text(item, "id") ?? Text(item, "metric_id");
        if (string.IsNullOrWhiteSpace(id)) return No("id", "is missing; every metric needs an id.");
        if (id.Length > 200) return No("id", "is longer than 200 characters.");
        var kind = Text(item, "kind") ?? "performance";
        if (kind == "engagement")
            return No("kind", "'engagement' is not a performance metric: load engagement with 'impact ingest survey', which keeps it apart from the outcomes models estimate.");
        if (kind != "performance") return No("kind", $"'{kind}' is not allowed; metrics must be of kind 'performance'.");
        var metricName = Text(item, "name");
        if (string.IsNullOrWhiteSpace(metricName)) return No("name", "is missing.");
        var direction = Text(item, "direction");
        if (direction is not ("higher_is_better" or "lower_is_better")) return No("direction", $"{Show(direction)} must be higher_is_better or lower_is_better.");
        var owner = Text(item, "owner");
        if (string.IsNullOrWhiteSpace(owner)) return No("owner", "is missing: name the stakeholder who owns this metric.");
        var level = Text(item, "level");
        if (level is not ("employee" or "team")) return No("level", $"{Show(level)} must be employee or team.");
        double? worth = null;
        if (item.TryGetProperty("value_per_unit", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)) return No("value_per_unit", "must be a number.");
            worth = d;
        }
        var currency = Text(item, "currency");
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetter))) return No("currency", $"{Show(currency)} is not a 3-letter currency code.");
        foreach (var p in item.EnumerateObject())
            if (!Known.Contains(p.Name)) return No(p.Name, "is not a metric field (id, name, unit, direction, owner, level, kind, value_per_unit, currency).");

        return Checked<MetricDefinition>.Ok(line, new MetricDefinition(id.Trim(), metricName.Trim(), Text(item, "unit"), direction, owner.Trim(), level,
            worth, currency?.ToUpperInvariant()));
    }

    static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var p) ? p.ValueKind switch
        {
            JsonValueKind.String => p.GetString(),
            JsonValueKind.Null => null,
            _ => p.GetRawText(),
        } : null;

    static string Show(string? value) => value is null ? "(missing)" : $"'{value}'";

    public Task<RowOutcome> WriteAsync(MetricDefinition m, DbTransaction tx, CancellationToken ct)
    {
        upsert[0] = m.MetricId;
        upsert[1] = m.Name;
        upsert[2] = m.Unit;
        upsert[3] = m.Direction;
        upsert[4] = m.Owner;
        upsert[5] = m.Level;
        upsert[6] = "performance";
        upsert[7] = m.ValuePerUnit;
        upsert[8] = m.Currency;
        upsert[9] = context.RunId;
        return upsert.RunAsync(tx, ct);
    }

    public Task CompleteAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (upsert is not null) await upsert.DisposeAsync();
    }
}
