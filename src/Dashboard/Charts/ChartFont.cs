using ScottPlot;

namespace Impact.Dashboard.Charts;

/// <summary>
/// The font every chart draws with: Liberation Sans, bundled in <c>Charts/Fonts</c> (SIL OFL) and loaded
/// from the app's folder, so a chart looks the same on a server that has no fonts. It has Arial's metrics,
/// so an SVG opened where Liberation Sans is missing keeps its text in place with Arial or Helvetica.
/// </summary>
public static class ChartFont
{
    public const string Family = "Liberation Sans";

    /// <summary>What an SVG's text names: the bundled font first, then metric-compatible fallbacks.</summary>
    public const string SvgFamilies = "'Liberation Sans', Arial, Helvetica, sans-serif";

    static readonly Lazy<string> Loaded = new(Load);

    /// <summary>Loads the bundled files once; the family name to give ScottPlot.</summary>
    public static string Ensure() => Loaded.Value;

    static string Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Charts", "Fonts");
        var regular = Path.Combine(folder, "LiberationSans-Regular.ttf");
        if (!File.Exists(regular))
            throw new FileNotFoundException(
                $"The bundled chart font is missing from {folder}: the build copies it there.", regular);
        Fonts.AddFontFile(Family, regular, bold: false, italic: false);
        Fonts.AddFontFile(Family, Path.Combine(folder, "LiberationSans-Bold.ttf"), bold: true, italic: false);
        return Family;
    }
}
