namespace Impact.Dashboard.Charts;

/// <summary>
/// How wide a page chart is drawn: as laid out on a desktop, or narrower for a phone (<c>size=narrow</c> in the
/// image's address, asked for by <see cref="NarrowChartTagHelper"/>'s <c>&lt;source&gt;</c>). A 900 px drawing
/// shrunk onto a 360 px screen shrinks its axis text to a third; drawn 400 px wide, the same text keeps four
/// fifths of its size. The address differs, so the two drawings are kept apart in <see cref="ChartCache"/>.
/// </summary>
public readonly record struct ChartFit(bool Narrow)
{
    public const int NarrowWidth = 400;
    public const string NarrowQuery = "size=narrow";

    /// <summary>Screens this narrow get the narrow drawing: the width at which the pages' tables stack.</summary>
    public const string PhoneMedia = "(max-width: 640px)";

    public static ChartFit Of(HttpRequest request) => new(request.Query["size"] == "narrow");

    public int Width(int desktop) => Narrow ? Math.Min(desktop, NarrowWidth) : desktop;
}
