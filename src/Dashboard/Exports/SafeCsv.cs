using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Impact.Dashboard.Exports;

/// <summary>
/// CSV that is safe to open in Excel (OWASP "CSV injection"): a text cell that begins with <c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, tab, CR or LF would be read as a formula, so it is prefixed with an
/// apostrophe. Only text cells: numbers are written as numbers, so −635 stays −635 and sums still work.
/// (CsvHelper's own <c>InjectionOptions.Escape</c> misses LF and would also escape negative numbers.)
/// </summary>
public static class SafeCsv
{
    static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n'];

    public static string Neutralise(string text) =>
        text.Length > 0 && FormulaStarts.Contains(text[0]) ? "'" + text : text;

    /// <summary>UTF-8 with a byte-order mark, so Excel reads names with accents correctly.</summary>
    public static byte[] Write(CsvTable table)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture)
               {
                   InjectionOptions = InjectionOptions.None,
               }))
        {
            foreach (var name in table.Header) csv.WriteField(name);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row) csv.WriteField(Cell(cell));
                csv.NextRecord();
            }
        }
        return buffer.ToArray();
    }

    static string Cell(object? cell) => cell switch
    {
        null => "",
        double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
        double => "",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s => Neutralise(s),
        _ => Neutralise(Convert.ToString(cell, CultureInfo.InvariantCulture) ?? ""),
    };
}
