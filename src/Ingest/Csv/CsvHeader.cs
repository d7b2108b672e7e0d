using Impact.Warehouse;

namespace Impact.Ingest.Csv;

/// <summary>
/// A CSV header: finds columns by name (case and surrounding space ignored) and refuses a file
/// whose required columns are missing, naming them and the columns it did find.
/// </summary>
public sealed class CsvHeader
{
    readonly Dictionary<string, int> index = new(StringComparer.OrdinalIgnoreCase);

    public string FileName { get; }
    public IReadOnlyList<string> Names { get; }

    public CsvHeader(string fileName, string[] names)
    {
        FileName = fileName;
        Names = names.Select(n => n.Trim()).ToArray();
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i].Length == 0) continue;
            if (!index.TryAdd(Names[i], i))
                throw new ImpactException($"{fileName} has the column '{Names[i]}' twice in its header: remove one.");
        }
    }

    public int Count => Names.Count;

    /// <summary>The profile that renames columns for this file, if any.</summary>
    public Profile? Profile { get; set; }

    /// <summary>A canonical column: through the profile's renaming, value map and default when one is set.</summary>
    public Field Field(string canonical)
    {
        var column = Profile?.Columns.GetValueOrDefault(canonical) ?? canonical;
        Dictionary<string, string>? map = null;
        if (Profile?.Values.TryGetValue(canonical, out var m) == true) map = new Dictionary<string, string>(m,
            StringComparer.OrdinalIgnoreCase);
        var fallback = Profile?.Fallbacks.GetValueOrDefault(canonical) is { } f ? Find(f) : -1;
        return new Field(canonical, Find(column), Profile?.Defaults.GetValueOrDefault(canonical), map, fallback);
    }

    /// <summary>Required canonical columns; all missing ones are named in one sentence (with the export's names under a
    /// profile).</summary>
    public Field[] RequireFields(params string[] canonical)
    {
        var fields = canonical.Select(Field).ToArray();
        var missing = fields.Where(f => !f.Present).Select(f => Profile?.Columns.GetValueOrDefault(f.Name) is { } c
            ? $"'{c}' ({f.Name})" : f.Name).ToList();
        if (missing.Count > 0)
            throw new ImpactException(
                $"{FileName} lacks the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; " +
                $"its header has: {Shorten(string.Join(", ", Names))}.");
        return fields;
    }

    /// <summary>Positions a source does not read as canonical columns: free attribute or item columns.</summary>
    public IEnumerable<int> Others(IEnumerable<Field> used)
    {
        var taken = used.Where(f => f.Index >= 0).Select(f => f.Index).ToHashSet();
        var ignored = new HashSet<string>(Profile?.Ignore ?? [], StringComparer.OrdinalIgnoreCase);
        return Enumerable.Range(0, Count).Where(i => !taken.Contains(i) && Names[i].Length > 0
            && !ignored.Contains(Names[i]));
    }

    /// <summary>The column's position, or -1 when absent.</summary>
    public int Find(string name) => index.GetValueOrDefault(name.Trim(), -1);

    /// <summary>The positions of the required columns; all missing ones are named in one sentence.</summary>
    public int[] Require(params string[] names)
    {
        var missing = names.Where(n => Find(n) < 0).ToList();
        if (missing.Count > 0)
            throw new ImpactException(
                $"{FileName} lacks the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; " +
                $"its header has: {Shorten(string.Join(", ", Names))}.");
        return names.Select(Find).ToArray();
    }

    static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
