using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Impact.Ingest.Db;

namespace Impact.Ingest.Xapi;

/// <summary>One entry of the identity map: this xAPI actor is this employee.</summary>
public sealed record Identity(string ActorKey, string EmployeeId);

/// <summary>A CSV row the identity reader refused, with its line and field.</summary>
public sealed record IdentityRejection(long Line, string Field, string Reason);

/// <summary>
/// Reads the identity map CSV: columns <c>actor,employee_id</c>, where actor is <c>mailto:x@y</c>, an
/// mbox_sha1sum, <c>account:&lt;homePage&gt;|&lt;name&gt;</c> or <c>openid:&lt;uri&gt;</c> (see <see cref="ActorKey"/>).
/// Streams row by row; <c>,</c> or <c>;</c> delimiters, with or without BOM.
/// </summary>
public static class IdentityCsv
{
    public static async IAsyncEnumerable<(Identity? Row, IdentityRejection? Rejection)> ReadAsync(
        Stream stream, string source, [EnumeratorCancellation] CancellationToken ct)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";"],
            TrimOptions = TrimOptions.Trim,
            MaxFieldSize = 4096, // an actor or id longer than this is junk, not an identity
            BadDataFound = null,
        };
        using var csv = new CsvReader(text, config);
        try
        {
            if (!await csv.ReadAsync() || !csv.ReadHeader())
                throw new ImpactException($"{source}: the file is empty; expected the header actor,employee_id.");
        }
        catch (Exception e) when (e is CsvHelperException or DecoderFallbackException)
        {
            throw new ImpactException($"{source}: cannot read the header ({e.GetType().Name}); expected a UTF-8 CSV with actor,employee_id.", e);
        }
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var actorColumn = header.IndexOf("actor");
        var employeeColumn = header.IndexOf("employee_id");
        if (actorColumn < 0 || employeeColumn < 0)
            throw new ImpactException($"{source}: line 1 must name the columns actor and employee_id (found: {string.Join(", ", header)}).");

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            bool more;
            try { more = await csv.ReadAsync(); }
            catch (Exception e) when (e is CsvHelperException or DecoderFallbackException)
            {
                throw new ImpactException($"{source}: line {csv.Parser.RawRow} cannot be read ({FirstLine(e.Message)}).", e);
            }
            if (!more) yield break;
            var line = csv.Parser.RawRow;
            var cells = csv.Parser.Record ?? [];
            if (cells.All(string.IsNullOrWhiteSpace)) continue; // blank lines are not rows
            var actor = actorColumn < cells.Length ? cells[actorColumn] : null;
            var employee = employeeColumn < cells.Length ? cells[employeeColumn]?.Trim() : null;
            var key = ActorKey.Normalise(actor);
            if (key is null)
                yield return (null, new IdentityRejection(line, "actor",
                    $"actor '{ActorKey.Clip(actor ?? "")}' is not mailto:name@host, a 40-digit mbox_sha1sum, account:<homePage>|<name> or openid:<uri>"));
            else if (key.Length > InterventionMapping.MaxIdLength)
                yield return (null, new IdentityRejection(line, "actor", $"actor is longer than {InterventionMapping.MaxIdLength} characters"));
            else if (string.IsNullOrEmpty(employee))
                yield return (null, new IdentityRejection(line, "employee_id", "employee_id is empty"));
            else if (employee.Length > InterventionMapping.MaxIdLength)
                yield return (null, new IdentityRejection(line, "employee_id", $"employee_id is longer than {InterventionMapping.MaxIdLength} characters"));
            else
                yield return (new Identity(key, employee), null);
        }
    }

    static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');
}
