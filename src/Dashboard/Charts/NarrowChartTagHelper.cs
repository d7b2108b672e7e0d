using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Impact.Dashboard.Charts;

/// <summary>
/// <c>&lt;img narrow-chart src="?handler=Chart…" height="…"&gt;</c>: the chart inside a <c>&lt;picture&gt;</c> whose
/// <c>&lt;source&gt;</c> asks phones for the narrow drawing (<see cref="ChartFit"/>); desktops keep the image as
/// written. The image's alt text and the data table beside it serve both.
/// </summary>
[HtmlTargetElement("img", Attributes = Marker)]
public sealed class NarrowChartTagHelper : TagHelper
{
    const string Marker = "narrow-chart";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.RemoveAll(Marker);
        var src = Html(output.Attributes["src"]?.Value);
        var narrow = src + (src.Contains('?') ? "&amp;" : "?") + ChartFit.NarrowQuery;
        output.PreElement.SetHtmlContent(
            $"<picture><source media=\"{ChartFit.PhoneMedia}\" srcset=\"{narrow}\" " +
            $"width=\"{ChartFit.NarrowWidth}\" height=\"{Html(output.Attributes["height"]?.Value)}\" />");
        output.PostElement.SetHtmlContent("</picture>");
    }

    // An attribute written in the page arrives as HTML already encoded (its "&amp;"s); one set as a plain value
    // is encoded here.
    static string Html(object? value)
    {
        if (value is not IHtmlContent content) return HtmlEncoder.Default.Encode(value?.ToString() ?? "");
        using var text = new StringWriter();
        content.WriteTo(text, HtmlEncoder.Default);
        return text.ToString();
    }
}
