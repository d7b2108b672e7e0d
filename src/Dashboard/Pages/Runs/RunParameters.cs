using System.Text.Json;

namespace Impact.Dashboard.Pages.Runs;

/// <summary>A run's stored parameters (the JSON <c>impact estimate</c> wrote) as name and value, read
/// tolerantly: what is not an object is shown as it is.</summary>
public static class RunParameters
{
    public static IReadOnlyList<(string Name, string Value)> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return [("parameters", json)];
            return doc.RootElement.EnumerateObject()
                .Select(p => (p.Name, p.Value.ValueKind switch
                {
                    JsonValueKind.Null => "not set",
                    JsonValueKind.String => p.Value.GetString() ?? "",
                    _ => p.Value.GetRawText(),
                })).ToList();
        }
        catch (JsonException)
        {
            return [("parameters", json)];
        }
    }
}
