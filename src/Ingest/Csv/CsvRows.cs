using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Csv;

/// <summary>One CSV record: the line it starts on, and its fields (as many as the header has).</summary>
public sealed record CsvRecord(long Line, string[] Fields)
{
    public string Get(int column) => column >= 0 && column < Fields.Length ? Fields[column] : "";

    /// <summary>The record as one line, for the quarantine table's raw column.</summary>
    public string Raw(char delimiter) => string.Join(delimiter, Fields);
}

/// <summary>
/// Streams a CSV file that <see cref="FileCheck"/> has already vetted: UTF-8 with or without BOM, the
/// delimiter the header uses (, ; or tab), quoted fields with newlines, CRLF or LF, blank lines skipped.
/// Records whose field count differs from the header's are yielded too, for the source to reject.
/// </summary>
public sealed class CsvRows : IDisposable
{
    /// <summary>Far more than any export has; a header wider than this is refused before anything is read.</summary>
    public const int MaxColumns = 4_096;

    readonly StreamReader reader;
    readonly CsvParser parser;

    public CsvHeader Header { get; }
    public char Delimiter { get; }
    public string FileName { get; }

    CsvRows(StreamReader reader, CsvParser parser, CsvHeader header, char delimiter, string fileName)
    {
        this.reader = reader;
        this.parser = parser;
        Header = header;
        Delimiter = delimiter;
        FileName = fileName;
    }

    public static CsvRows Open(FileFacts facts)
    {
        var name = Path.GetFileName(facts.Path);
        var reader = new StreamReader(facts.Path, new UTF8Encoding(false, true),
            detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = facts.Delimiter.ToString(),
            BadDataFound = null,        // a stray quote inside a field is kept as text, as spreadsheets do
            IgnoreBlankLines = true,
            MaxFieldSize = FileCheck.MaxRecordBytes,
            CacheFields = true,         // repeated values (metric ids, dates) become one string
        };
        var parser = new CsvParser(reader, config);
        try
        {
            if (!parser.Read()) throw new ImpactException($"{name} has no header line.");
            if (parser.Count > MaxColumns)
                throw new ImpactException($"{name} has {parser.Count:N0} columns in its header; Impact reads at most " +
                    $"{MaxColumns:N0}.");
            var header = new CsvHeader(name, parser.Record!);
            return new CsvRows(reader, parser, header, facts.Delimiter, name);
        }
        catch
        {
            parser.Dispose();
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The data records after the header; whitespace-only lines are skipped like blank ones.</summary>
    public IEnumerable<CsvRecord> Records(CancellationToken ct)
    {
        while (true)
        {
            bool more;
            try
            {
                more = parser.Read();
            }
            catch (CsvHelperException e)
            {
                throw new ImpactException($"{FileName} line {parser.RawRow} cannot be read as CSV " +
                    $"({e.GetType().Name.Replace("Exception", "")}).", e);
            }
            if (!more) yield break;
            ct.ThrowIfCancellationRequested();
            var fields = parser.Record!;
            if (Blank(fields)) continue;
            // RawRow is the line the record ends on; quoted newlines inside it move its start up.
            long newlines = 0;
            foreach (var f in fields) newlines += f.AsSpan().Count('\n');
            yield return new CsvRecord(parser.RawRow - newlines, fields);
        }
    }

    static bool Blank(string[] fields)
    {
        foreach (var f in fields)
            if (!string.IsNullOrWhiteSpace(f)) return false;
        return true;
    }

    public void Dispose()
    {
        parser.Dispose();
        reader.Dispose();
    }
}
