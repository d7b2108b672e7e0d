using Impact.Ingest.Db;

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

    /// <summary>The column's position, or -1 when absent.</summary>
    public int Find(string name) => index.GetValueOrDefault(name.Trim(), -1);

    /// <summary>The positions of the required columns; all missing ones are named in one sentence.</summary>
    public int[] Require(params string[] names)
    {
        var missing = names.Where(n => Find(n) < 0).ToList();
        if (missing.Count > 0)
            throw new ImpactException(
                $"{FileName} lacks the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; its header has: {Shorten(string.Join(", ", Names))}.");
        return names.Select(Find).ToArray();
    }

    static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
