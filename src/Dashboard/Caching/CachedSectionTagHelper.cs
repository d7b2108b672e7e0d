using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Impact.Dashboard.Caching;

/// <summary>
/// <c>&lt;cached-section key="@Model.Section"&gt;…&lt;/cached-section&gt;</c>: the content rendered once per key
/// and then copied from <see cref="PageHtmlCache"/>; rendered every time when the page set no key. No element of
/// its own is written, and the kept markup loses its template's indentation (<see cref="HtmlWhitespace"/>). Only
/// for markup that shows warehouse figures: never around a form that posts (its antiforgery token is per person)
/// or anything about the signed-in person that the key does not name.
/// </summary>
[HtmlTargetElement("cached-section")]
public sealed class CachedSectionTagHelper(PageHtmlCache cache, HtmlEncoder encoder) : TagHelper
{
    public string? Key { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        if (Key is null) return; // the content renders as if the element were not there
        var html = await cache.GetAsync(Key, async () =>
        {
            var content = await output.GetChildContentAsync();
            await using var text = new StringWriter();
            content.WriteTo(text, encoder);
            return HtmlWhitespace.Compact(text.ToString());
        });
        output.Content.SetHtmlContent(html);
    }
}
