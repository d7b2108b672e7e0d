using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml;

namespace Impact.Ingest.Xapi;

/// <summary>
/// Turns one statement's JSON into an <see cref="XapiStatement"/>, or a rejection naming the field and
/// the reason. Checks what Impact relies on (xAPI 1.0.3 "Data" part), not every rule an LRS enforces.
/// </summary>
public static class StatementParser
{
    public static (XapiStatement? Statement, XapiRejection? Rejection) Parse(JsonElement json, int index, long line)
    {
        string? id = null;
        XapiRejection Reject(string field, string reason) => new(index, line, id, field, reason);

        if (json.ValueKind != JsonValueKind.Object)
            return (null, Reject("statement", "a statement must be a JSON object"));
        if (NulAt(json, "") is { } nul)
            return (null, Reject(nul, $"{nul} contains a NUL character (\\u0000), which no database stores"));

        if (json.TryGetProperty("id", out var idJson))
        {
            if (idJson.ValueKind != JsonValueKind.String || !Guid.TryParse(idJson.GetString(), out var guid))
                return (null, Reject("id", "id is not a UUID"));
            id = guid.ToString("D");
        }
        else
        {
            id = ContentId(json);
        }

        var (actor, actorField, actorError) = ActorKey.FromJson(json.TryGetProperty("actor", out var actorJson)
            ? actorJson : default);
        if (actor is null) return (null, Reject(actorField!, actorError!));

        if (!json.TryGetProperty("verb", out var verb) || verb.ValueKind != JsonValueKind.Object
            || Text(verb, "id") is not { } verbId || !IsIri(verbId))
            return (null, Reject("verb.id", "verb.id is missing or not an IRI (the display text is never used)"));

        if (!json.TryGetProperty("object", out var objectJson) || objectJson.ValueKind != JsonValueKind.Object)
            return (null, Reject("object", "object is missing or not an object"));
        var (target, objectError) = ParseObject(objectJson);
        if (target is null) return (null, Reject("object.id", objectError!));
        if (verbId == VerbMap.Voided && target.Kind != XapiObjectKind.StatementRef)
            return (null, Reject("object", "a voided statement's object must be a StatementRef"));

        XapiResult? result = null;
        if (json.TryGetProperty("result", out var resultJson) && resultJson.ValueKind != JsonValueKind.Null)
        {
            var (parsed, field, error) = ParseResult(resultJson);
            if (parsed is null) return (null, Reject(field!, error!));
            result = parsed;
        }

        var (timestamp, timestampOk) = Time(json, "timestamp");
        if (!timestampOk) return (null, Reject("timestamp", "timestamp is not an ISO 8601 date and time"));
        var (stored, storedOk) = Time(json, "stored");
        if (!storedOk) return (null, Reject("stored", "stored is not an ISO 8601 date and time"));
        if (timestamp is null && stored is null && VerbMap.StatusOf(verbId) is not null)
            return (null,
                Reject("timestamp", "a completion needs a date, and the statement has neither timestamp nor stored"));

        return (new XapiStatement(id, actor, verbId, target, result, timestamp, stored), null);
    }

    /// <summary>
    /// The spec lets a statement sent to an LRS leave out its id. Files may then hold id-less statements;
    /// a name-based UUID (v5-style, SHA-1 of the JSON text) keeps re-ingesting the same file idempotent.
    /// </summary>
    static string ContentId(JsonElement json)
    {
        var hash = SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(json.GetRawText()));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    static (XapiObject? Object, string? Error) ParseObject(JsonElement json)
    {
        var type = Text(json, "objectType") ?? "Activity";
        var id = Text(json, "id");
        switch (type)
        {
            case "Activity":
                return id is not null && IsIri(id)
                    ? (new XapiObject(XapiObjectKind.Activity, id, DisplayName(json)), null)
                    : (null, "object.id of an Activity is missing or not an IRI");
            case "StatementRef":
                return id is not null && Guid.TryParse(id, out var guid)
                    ? (new XapiObject(XapiObjectKind.StatementRef, guid.ToString("D")), null)
                    : (null, "object.id of a StatementRef is missing or not a UUID");
            default:
                return (new XapiObject(XapiObjectKind.Other, id), null);
        }
    }

    /// <summary>The activity's name for people: en-US, else en, else the first language map entry.</summary>
    static string? DisplayName(JsonElement activity)
    {
        if (!activity.TryGetProperty("definition", out var definition) || definition.ValueKind != JsonValueKind.Object
            || !definition.TryGetProperty("name", out var names)
            || names.ValueKind != JsonValueKind.Object) return null;
        var byLanguage = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in names.EnumerateObject())
            if (entry.Value.ValueKind == JsonValueKind.String) byLanguage.TryAdd(entry.Name, entry.Value.GetString()!);
        var name = byLanguage.GetValueOrDefault("en-US") ?? byLanguage.GetValueOrDefault("en")
            ?? byLanguage.Values.FirstOrDefault();
        return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    static (XapiResult? Result, string? Field, string? Error) ParseResult(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) return (null, "result", "result is not an object");
        double? score = null;
        if (json.TryGetProperty("score", out var scoreJson) && scoreJson.ValueKind != JsonValueKind.Null)
        {
            var (value, field, error) = Score(scoreJson);
            if (error is not null) return (null, field, error);
            score = value;
        }
        var (success, successOk) = Bool(json, "success");
        if (!successOk) return (null, "result.success", "result.success is not true or false");
        var (completion, completionOk) = Bool(json, "completion");
        if (!completionOk) return (null, "result.completion", "result.completion is not true or false");
        TimeSpan? duration = null;
        if (Text(json, "duration") is { } text)
        {
            try { duration = XmlConvert.ToTimeSpan(text); }
            catch (FormatException) { return (null, "result.duration",
                $"result.duration '{ActorKey.Clip(text)}' is not an ISO 8601 duration"); }
            catch (OverflowException) { return (null, "result.duration",
                $"result.duration '{ActorKey.Clip(text)}' is out of range"); }
        }
        return (new XapiResult(score, success, completion, duration), null, null);
    }

    /// <summary>
    /// A percentage from the score. raw/min/max win over scaled: scaled is often computed carelessly
    /// (against a different maximum, or left at a default), while raw within its stated range is what
    /// the learner scored. raw alone has no scale, so it gives no percentage. Values the spec forbids
    /// (scaled outside −1..1, raw outside min..max) reject the statement rather than guess.
    /// </summary>
    static (double? Value, string? Field, string? Error) Score(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) return (null, "result.score", "result.score is not an object");
        var parts = new Dictionary<string, double?>();
        foreach (var name in new[] { "scaled", "raw", "min", "max" })
        {
            if (!json.TryGetProperty(name, out var part)
                || part.ValueKind == JsonValueKind.Null) { parts[name] = null; continue; }
            if (part.ValueKind != JsonValueKind.Number || !part.TryGetDouble(out var number)
                || !double.IsFinite(number))
                return (null, "result.score." + name, $"result.score.{name} is not a number");
            parts[name] = number;
        }
        var (scaled, raw, min, max) = (parts["scaled"], parts["raw"], parts["min"], parts["max"]);
        if (scaled is < -1 or > 1)
            return (null, "result.score.scaled", $"result.score.scaled {Show(scaled.Value)} is outside -1..1");
        if (min is not null && max is not null && min >= max)
            return (null, "result.score.max", $"result.score.max {Show(max.Value)} is not above min {Show(min.Value)}");
        if (raw is not null && (raw < min || raw > max))
            return (null, "result.score.raw", $"result.score.raw {Show(raw.Value)} is outside min..max");
        if (raw is not null && min is not null && max is not null)
            return (100 * (raw.Value - min.Value) / (max.Value - min.Value), null, null);
        return (scaled is null ? null : 100 * scaled.Value, null, null);
    }

    static (DateTimeOffset? Value, bool Ok) Time(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return (null, true);
        // No offset given: the spec says SHOULD be UTC, so read it as UTC rather than as this machine's zone.
        return value.ValueKind == JsonValueKind.String
               && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
               DateTimeStyles.AssumeUniversal, out var time)
            ? (time, true)
            : (null, false);
    }

    static (bool? Value, bool Ok) Bool(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return (null, true);
        return value.ValueKind switch
        {
            JsonValueKind.True => (true, true),
            JsonValueKind.False => (false, true),
            _ => (null, false),
        };
    }

    static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    static bool IsIri(string text) => Uri.TryCreate(text, UriKind.Absolute, out _);

    /// <summary>
    /// The path of the first name or string holding a NUL character (JSON's <c>\u0000</c>), or null.
    /// PostgreSQL refuses NUL in text ("invalid byte sequence"), so such a statement is refused here, on every engine.
    /// </summary>
    static string? NulAt(JsonElement json, string path)
    {
        if (!json.GetRawText().Contains("\\u0000", StringComparison.Ordinal)) return null; // the cheap, usual answer
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                return json.GetString()!.Contains('\0') ? (path.Length == 0 ? "statement" : path) : null;
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject())
                {
                    var inner = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (property.Name.Contains('\0')) return path.Length == 0 ? "statement" : path;
                    if (NulAt(property.Value, inner) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in json.EnumerateArray())
                    if (NulAt(item, $"{path}[{i++}]") is { } found) return found;
                return null;
            default:
                return null;
        }
    }

    static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
