using System.Globalization;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>A survey item's column name as a reader's label: "feel_valued" reads "Feel valued".</summary>
public static class ItemLabel
{
    public static string Of(string item)
    {
        var words = item.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? item
            : char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }
}
