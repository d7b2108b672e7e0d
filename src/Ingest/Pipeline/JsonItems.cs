using System.Text.Json;
using Impact.Warehouse;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// The items of a top-level JSON array (or of an object's array property, such as an xAPI
/// StatementResult's <c>statements</c>), each with the line it starts on, so a rejection can name it.
/// Malformed JSON refuses the whole file before anything is stored.
/// </summary>
public static class JsonItems
{
    public static List<(long Line, JsonElement Item)> Read(string fileName, ReadOnlyMemory<byte> json,
        string? arrayProperty = null)
    {
        var span = json.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
        var items = new List<(long, JsonElement)>();
        var reader = new Utf8JsonReader(json.Span,
            new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
            MaxDepth = 64 });
        long line = 1;
        var counted = 0L;
        try
        {
            if (!reader.Read()) throw new ImpactException($"{fileName} holds no JSON.");
            if (reader.TokenType == JsonTokenType.StartObject && arrayProperty is not null)
            {
                while (reader.Read()
                    && !(reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1
                    && reader.ValueTextEquals(arrayProperty)))
                    if (reader.CurrentDepth == 1
                        && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                if (reader.TokenType != JsonTokenType.PropertyName) throw new ImpactException($"{fileName} has no " +
                    $"'{arrayProperty}' array.");
                reader.Read();
            }
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new ImpactException($"{fileName} must hold a JSON " +
                    $"array{(arrayProperty is null ? "" : $" or an object with a '{arrayProperty}' array")}.");
            var depth = reader.CurrentDepth;
            while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
            {
                var start = reader.TokenStartIndex;
                line += json.Span[(int)counted..(int)start].Count((byte)'\n');
                counted = start;
                items.Add((line, JsonElement.ParseValue(ref reader)));
            }
        }
        catch (JsonException e)
        {
            throw new ImpactException($"{fileName} line {e.LineNumber + 1} is not valid JSON: " +
                $"{e.Message.Split(". ")[0].TrimEnd('.')}.", e);
        }
        return items;
    }
}
