using System.Text.Json;
using System.Text.Json.Serialization;
using Impact.Warehouse;

namespace Impact.Ingest.Csv;

/// <summary>
/// How a non-canonical export maps onto a canonical source: a data file (<c>Profiles/*.json</c>, or a
/// user's own file given by path), never code. <see cref="Columns"/> maps a canonical column to the
/// export's header; <see cref="Values"/> maps an export's values (e.g. "Complete") to canonical ones;
/// <see cref="Defaults"/> gives a canonical column a constant when the export lacks it; <see cref="Ignore"/>
/// lists columns that must not be stored (names, e-mail addresses).
/// </summary>
public sealed record Profile
{
    public string Name { get; init; } = "";
    public string Source { get; init; } = "";
    public string? Description { get; init; }
    public Dictionary<string, string> Columns { get; init; } = [];
    public Dictionary<string, Dictionary<string, string>> Values { get; init; } = [];
    public Dictionary<string, string> Defaults { get; init; } = [];

    /// <summary>A canonical column's second choice: the export column read when the first is blank (e.g. enrolment date
    /// for unfinished courses).</summary>
    public Dictionary<string, string> Fallbacks { get; init; } = [];
    public List<string> Ignore { get; init; } = [];

    [JsonPropertyName("date_format")]
    public string? DateFormat { get; init; }

    /// <summary>Survey layouts with per-question comment columns: the suffix of the comment column (e.g.
    /// _COMMENT).</summary>
    [JsonPropertyName("comment_suffix")]
    public string? CommentSuffix { get; init; }

    /// <summary>Columns ending in one of these belong to a question but are not answers (topics, flags).</summary>
    [JsonPropertyName("ignore_suffixes")]
    public List<string> IgnoreSuffixes { get; init; } = [];

    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The shipped profile names (embedded from Profiles/*.json).</summary>
    public static IReadOnlyList<string> Shipped { get; } = typeof(Profile).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("Impact.Profiles.", StringComparison.Ordinal))
        .Select(n => n["Impact.Profiles.".Length..^".json".Length]).Order().ToList();

    /// <summary>A shipped profile by name, or a profile file by path; checked to belong to
    /// <paramref name="source"/>.</summary>
    public static Profile Load(string nameOrPath, string source)
    {
        string text, where;
        var resource =
            typeof(Profile).Assembly.GetManifestResourceStream($"Impact.Profiles.{nameOrPath.ToLowerInvariant()}.json");
        if (resource is not null)
        {
            using var reader = new StreamReader(resource);
            text = reader.ReadToEnd();
            where = $"the shipped profile '{nameOrPath}'";
        }
        else if (File.Exists(nameOrPath))
        {
            text = File.ReadAllText(nameOrPath);
            where = $"the profile file {nameOrPath}";
        }
        else
            throw new ImpactException($"There is no profile '{nameOrPath}': use a shipped one " +
                $"({string.Join(", ", Shipped)}) or the path of a profile JSON file.");

        Profile profile;
        try
        {
            profile = JsonSerializer.Deserialize<Profile>(text, Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new ImpactException($"{where} is not a valid profile: {e.Message.Split(". ")[0].TrimEnd('.')}.", e);
        }
        if (!profile.Source.Equals(source, StringComparison.OrdinalIgnoreCase))
            throw new ImpactException($"{where} is for '{profile.Source}' files, not '{source}': " +
                $"use 'impact ingest {profile.Source} ... --profile {nameOrPath}'.");
        // The name is recorded in each row's source column, which holds 64 characters on every engine.
        if (profile.Name.Length > 64 || profile.Name.Contains('\0'))
            throw new ImpactException(
                $"{where} has a name longer than 64 characters or with a NUL character: give it a short name.");
        return profile;
    }
}

/// <summary>A canonical column as found in a file: its position, or a profile's constant, with value mapping.</summary>
public sealed class Field(string name, int index, string? constant, IReadOnlyDictionary<string, string>? map,
    int fallback = -1)
{
    public string Name { get; } = name;
    public int Index { get; } = index;
    public bool Present => Index >= 0 || constant is not null;

    public string Of(CsvRecord record)
    {
        if (Index < 0) return constant ?? "";
        var value = record.Fields[Index];
        if (fallback >= 0 && string.IsNullOrWhiteSpace(value)) value = record.Fields[fallback];
        return map is not null && map.TryGetValue(value.Trim(), out var mapped) ? mapped : value;
    }
}
