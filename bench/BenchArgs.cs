using System.Globalization;

namespace Impact.Bench;

/// <summary>A case's options, <c>--name value</c>, with a default when absent.</summary>
public static class BenchArgs
{
    public static int Number(string[] args, string name, int fallback) =>
        int.Parse(Text(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Whether a switch without a value (<c>--phases</c>) is given.</summary>
    public static bool Flag(string[] args, string name) => Array.IndexOf(args, name) >= 0;

    public static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
