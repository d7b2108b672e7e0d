using Microsoft.AspNetCore.Mvc;

namespace Impact.Dashboard.Charts;

/// <summary>How a page's chart handler answers: the PNG from <see cref="ChartCache"/>, keyed by the request's
/// own address (path and query string), so two filters or two pairs never share an image.</summary>
public static class ChartServing
{
    public static async Task<IActionResult> PngAsync(this ChartCache cache, HttpRequest request,
        Func<Task<byte[]>> draw, CancellationToken ct) =>
        new FileContentResult(await cache.GetAsync($"{request.Path}{request.QueryString}", draw, ct),
            ChartStyle.ContentType);
}
