using Impact.Dashboard.Exports;
using Impact.Warehouse;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// What an export schedule may say, checked like <c>impact export</c>'s flags: somewhere to go (a folder, e-mail,
/// or both), formats that exist, and nothing to follow it (an export is the end of the chain).
/// </summary>
public static class ExportRules
{
    public static Schedule Check(Schedule typed)
    {
        var folder = typed.Location.Trim();
        if (folder.Length == 0 && !typed.ExportEmail)
            throw new ImpactException("An export schedule needs somewhere to send the pack: --out DIR, --email, " +
                "or both.");
        if (typed.Then != ThenStep.None)
            throw new ImpactException("An export schedule is the end of the chain: leave out --then.");
        var formats = string.IsNullOrWhiteSpace(typed.ExportFormats) ? null
            : string.Join(",", ExportFormats.Parse(typed.ExportFormats));
        var owner = string.IsNullOrWhiteSpace(typed.ExportOwner) ? null : typed.ExportOwner.Trim();
        return typed with
        {
            Location = folder.Length == 0 ? "" : Path.GetFullPath(folder), ExportOwner = owner, ExportFormats = formats,
        };
    }

    /// <summary>The <c>impact export</c> options an export schedule stands for.</summary>
    public static ExportOptions Options(Schedule schedule, string folder) => new()
    {
        OutFolder = schedule.Location.Length == 0 ? null : folder, Owner = schedule.ExportOwner,
        Formats = ExportFormats.Parse(schedule.ExportFormats), Email = schedule.ExportEmail,
        RequestedBy = $"job:{schedule.Name}",
    };

    /// <summary>How <c>impact jobs list</c> and the Jobs page name where the pack goes.</summary>
    public static string Destination(Schedule s) => string.Join(" and ", new[]
    {
        s.Location.Length > 0 ? s.Location : null,
        s.ExportEmail ? "e-mail to the owners' recipients" : null,
    }.OfType<string>()) + (s.ExportOwner is null ? "" : $", {s.ExportOwner}'s metrics")
        + (s.ExportFormats is null ? "" : $", {s.ExportFormats}");
}
