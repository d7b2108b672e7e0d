using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Impact.Ingest.Csv;
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
            [new("name", DbType.String), new("unit", DbType.String), new("direction", DbType.String),
             new("owner", DbType.String), new("level", DbType.String), new("kind", DbType.String),
             new("value_per_unit", DbType.Double), new("currency", DbType.String),
             new("smallest_meaningful_change", DbType.Double)],
            [new("ingest_run_id", DbType.Int64)]);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<Checked<MetricDefinition>> ReadAsync(IngestContext context,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var name = System.IO.Path.GetFileName(Location);
        var bytes = await File.ReadAllBytesAsync(Location, ct); // capped by FileCheck.MaxJsonBytes
        foreach (var (line, item) in JsonItems.Read(name, bytes))
        {
            ct.ThrowIfCancellationRequested();
            yield return Check(line, item);
        }
    }

    static readonly HashSet<string> Known = ["id", "metric_id", "name", "unit", "direction", "owner", "level", "kind",
        "value_per_unit", "currency", "smallest_meaningful_change", "description"];

    // Column sizes on every engine: ids and names 200 (as everywhere in Impact), units 64, descriptions 2,000.
    const int MaxId = 200, MaxName = 200, MaxUnit = 64, MaxDescription = 2_000;

    static Checked<MetricDefinition> Check(long line, JsonElement item)
    {
        Checked<MetricDefinition> No(string field, string reason) =>
            Checked<MetricDefinition>.Refuse(line, field, reason, item.GetRawText());
        if (item.ValueKind != JsonValueKind.Object)
            return No("item", "is not an object with id, name, direction, owner, level and kind.");
        foreach (var p in item.EnumerateObject())
            if (!Known.Contains(p.Name))
                return No(Values.Show(p.Name).Trim('\''),
                    "is not a metric field (id, name, unit, direction, owner, level, kind, value_per_unit, currency, " +
                    "smallest_meaningful_change, description).");

        var field = item.TryGetProperty("id", out _) ? "id" : "metric_id";
        var (id, problem) = Text(item, field, MaxId, numberAllowed: true);
        if (problem is not null) return No(field, problem);
        if (id is null) return No("id", "is missing; every metric needs an id.");
        (var kind, problem) = Text(item, "kind", MaxName);
        if (problem is not null) return No("kind", problem);
        kind ??= "performance";
        if (kind == "engagement")
            return No("kind", "'engagement' is not a performance metric: load engagement with " +
                "'impact ingest survey', which keeps it apart from the outcomes models estimate.");
        if (kind != "performance")
            return No("kind", $"{Values.Show(kind)} is not allowed; metrics must be of kind 'performance'.");
        (var metricName, problem) = Text(item, "name", MaxName);
        if (problem is not null) return No("name", problem);
        if (metricName is null) return No("name", "is missing.");
        (var unit, problem) = Text(item, "unit", MaxUnit);
        if (problem is not null) return No("unit", problem);
        (var direction, problem) = Text(item, "direction", MaxName);
        if (problem is not null) return No("direction", problem);
        if (direction is not ("higher_is_better" or "lower_is_better"))
            return No("direction", $"{Show(direction)} must be higher_is_better or lower_is_better.");
        (var owner, problem) = Text(item, "owner", MaxName);
        if (problem is not null) return No("owner", problem);
        if (owner is null) return No("owner", "is missing: name the stakeholder who owns this metric.");
        (var level, problem) = Text(item, "level", MaxName);
        if (problem is not null) return No("level", problem);
        if (level is not ("employee" or "team")) return No("level", $"{Show(level)} must be employee or team.");
        (_, problem) = Text(item, "description", MaxDescription);
        if (problem is not null) return No("description", problem);
        if (!Number(item, "value_per_unit", out var worth)) return No("value_per_unit", "must be a number.");
        if (!Number(item, "smallest_meaningful_change", out var meaningful) || meaningful <= 0)
            return No("smallest_meaningful_change",
                "must be a positive number in the metric's units (or left out).");
        (var currency, problem) = Text(item, "currency", MaxName);
        if (problem is not null) return No("currency", problem);
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetter)))
            return No("currency", $"{Show(currency)} is not a 3-letter currency code.");

        return Checked<MetricDefinition>.Ok(line, new MetricDefinition(id, metricName, unit, direction, owner, level,
            worth, currency?.ToUpperInvariant(), meaningful));
    }

    /// <summary>An optional number: absent or null is fine (null), anything but a finite number is not.</summary>
    static bool Number(JsonElement item, string name, out double? value)
    {
        value = null;
        if (!item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return true;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)) return false;
        value = d;
        return true;
    }

    /// <summary>
    /// A text field: null when absent, null or blank; a problem when it is not a string (an id may also be a
    /// number, as spreadsheets export them), holds a NUL character (PostgreSQL cannot store one), or is too long.
    /// </summary>
    static (string? Value, string? Problem) Text(JsonElement item, string name, int max, bool numberAllowed = false)
    {
        if (!item.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return (null, null);
        string text;
        if (p.ValueKind == JsonValueKind.String) text = p.GetString()!;
        else if (numberAllowed && p.ValueKind == JsonValueKind.Number) text = p.GetRawText();
        else return (null, numberAllowed ? "must be a string or a number." : "must be text (a JSON string).");
        if (text.Contains('\0')) return (null, "contains a NUL character (\\u0000), which no database stores.");
        text = text.Trim();
        if (text.Length > max) return (null, $"is {text.Length:N0} characters long; at most {max:N0}.");
        return (text.Length == 0 ? null : text, null);
    }

    static string Show(string? value) => value is null ? "(missing)" : Values.Show(value);

    public string? KeyOf(MetricDefinition row) => row.MetricId;

    public Task<RowOutcome> WriteAsync(MetricDefinition m, DbTransaction tx, CancellationToken ct)
    {
        upsert["metric_id"] = m.MetricId;
        upsert["name"] = m.Name;
        upsert["unit"] = m.Unit;
        upsert["direction"] = m.Direction;
        upsert["owner"] = m.Owner;
        upsert["level"] = m.Level;
        upsert["kind"] = "performance";
        upsert["value_per_unit"] = m.ValuePerUnit;
        upsert["currency"] = m.Currency;
        upsert["smallest_meaningful_change"] = m.SmallestMeaningfulChange;
        upsert["ingest_run_id"] = context.RunId;
        return upsert.RunAsync(tx, ct);
    }

    public Task CompleteAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (upsert is not null) await upsert.DisposeAsync();
    }
}
