using System.Data.Common;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;
using Impact.Warehouse;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages;

/// <summary>Where every failed request lands: a warehouse problem is told as its one sentence.</summary>
[AllowAnonymous]
[AllowedBeforePasswordChange]
[IgnoreAntiforgeryToken] // re-executes failed POSTs too, which must show this page, not a 400
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(ILogger<ErrorModel> log) : PageModel
{
    public string Sentence { get; private set; } =
        "The request could not be completed. The server log has the details.";

    public void OnGet() => Sentence = Describe(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error, log)
        ?? Sentence;

    static string? Describe(Exception? error, ILogger log)
    {
        if (error is not null) log.LogError(error, "Request failed");
        return error switch
        {
            ImpactException impact => impact.Message,
            DbException db => $"The warehouse could not answer: {db.Message}",
            _ => null,
        };
    }
}
