using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Impact.Warehouse;

namespace Impact.Ingest.Pipeline;

/// <summary>What the pre-read learned about a file.</summary>
public sealed record FileFacts(string Path, string Sha256, long Bytes, char Delimiter);

/// <summary>
/// Reads a file once before anything is stored: its SHA-256 (recorded with the run), and every reason
/// to refuse the whole file — not UTF-8, binary bytes, a record too large to be data. Finding these
/// mid-file would leave half a file stored; finding them here keeps the database exactly as it was.
/// Streams in 64 KB blocks, so memory stays flat for any file size.
/// </summary>
public static class FileCheck
{
    /// <summary>A CSV record (one row, quoted newlines included) longer than this is refused: no real export has
    /// one.</summary>
    public const int MaxRecordBytes = 1 << 20;

    /// <summary>A JSON input is parsed item by item from memory, so it is capped.</summary>
    public const long MaxJsonBytes = 64L << 20;

    static readonly SearchValues<byte> Binary = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    public static async Task<FileFacts> ScanAsync(string path, InputKind kind, CancellationToken ct)
    {
        var name = System.IO.Path.GetFileName(path);
        await using var stream = Open(path);
        if (stream.Length == 0) throw new ImpactException($"{name} is empty: expected a header line and rows.");
        if (kind == InputKind.Json && stream.Length > MaxJsonBytes)
            throw new ImpactException($"{name} is larger than {MaxJsonBytes >> 20} MB, too large for a definitions " +
                "file.");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var chars = ArrayPool<char>.Shared.Rent(1 << 17);
        var scanner = kind == InputKind.Csv ? new RecordScanner(name) : null;
        try
        {
            long total = 0, line = 1;
            int read;
            var first = true;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, buffer.Length), ct)) > 0)
            {
                var block = buffer.AsSpan(0, read);
                hash.AppendData(block);
                if (first)
                {
                    first = false;
                    block = WithoutBom(block, name);
                }
                CheckText(block, line, decoder, chars, name);
                scanner?.Scan(block, line);
                line += block.Count((byte)'\n');
                total += read;
            }

            try
            {
                decoder.Convert([], chars, flush: true, out _, out _, out _);
            }
            catch (DecoderFallbackException)
            {
                throw new ImpactException($"{name} ends in the middle of a character: it is not valid UTF-8 text.");
            }
            scanner?.Finish();
            return new FileFacts(path, Convert.ToHexStringLower(hash.GetHashAndReset()), total,
                scanner?.Delimiter ?? ',');
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException)
        {
            throw new ImpactException(e is FileNotFoundException or DirectoryNotFoundException
                ? $"The file {path} does not exist."
                : $"Cannot read {path}: {e.Message.TrimEnd('.')}.", e);
        }
    }

    /// <summary>The first block without its UTF-8 byte order mark; UTF-16 (by its mark) is refused.</summary>
    static Span<byte> WithoutBom(Span<byte> block, string name)
    {
        if (block.Length >= 2 && (block[0] == 0xFF && block[1] == 0xFE || block[0] == 0xFE && block[1] == 0xFF))
            throw new ImpactException($"{name} is UTF-16 text: save it as UTF-8 (with or without BOM) and try again.");
        return block.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? block[3..] : block;
    }

    /// <summary>Refuses binary bytes and invalid UTF-8, naming the line where they start.</summary>
    static void CheckText(ReadOnlySpan<byte> block, long line, Decoder decoder, char[] chars, string name)
    {
        var bad = block.IndexOfAny(Binary);
        if (bad >= 0)
            throw new ImpactException($"{name} line {line + block[..bad].Count((byte)'\n')} contains binary data " +
                                      $"(byte 0x{block[bad]:X2}): it is not a text file.");
        try
        {
            decoder.Convert(block, chars, flush: false, out _, out _, out _);
        }
        catch (DecoderFallbackException e)
        {
            var at = Math.Clamp(e.Index, 0, block.Length);
            throw new ImpactException($"{name} line {line + block[..at].Count((byte)'\n')} is not valid UTF-8 text: " +
                                      "save the file as UTF-8 and try again.");
        }
    }

    /// <summary>
    /// Follows CSV quoting byte by byte (a quote opens a field only at its start; "" is an escaped quote)
    /// to find record boundaries, the header's delimiter, and records that are too long.
    /// </summary>
    sealed class RecordScanner(string name)
    {
        public char Delimiter { get; private set; } = ',';
        bool headerDone, inQuotes, pendingQuote, atFieldStart = true;
        long recordBytes, recordLine = 1;
        int commas, semicolons, tabs;
        SearchValues<byte>? special;

        public void Scan(ReadOnlySpan<byte> block, long firstLine)
        {
            var line = firstLine;
            for (var i = 0; i < block.Length; i++)
            {
                var b = block[i];
                recordBytes++;
                if (pendingQuote)
                {
                    pendingQuote = false;
                    if (b == (byte)'"') continue; // "" inside quotes: a literal quote
                    inQuotes = false;             // the quote closed the field; look at b normally
                }

                if (inQuotes)
                {
                    if (b == (byte)'"') pendingQuote = true;
                    else if (b == (byte)'\n') line++;
                    // Skip ahead to the next byte that matters inside quotes.
                    var next = block[(i + 1)..].IndexOfAny((byte)'"', (byte)'\n');
                    if (next < 0) { recordBytes += block.Length - i - 1; i = block.Length; }
                    else if (next > 0) { recordBytes += next; i += next; }
                    if (b != (byte)'"') Check(line);
                    continue;
                }

                if (b == (byte)'\n')
                {
                    if (!headerDone) ChooseDelimiter();
                    line++;
                    recordBytes = 0;
                    recordLine = line;
                    atFieldStart = true;
                    continue;
                }
                if (b == (byte)'"' && atFieldStart) { inQuotes = true; atFieldStart = false; continue; }

                if (!headerDone)
                {
                    if (b == (byte)',') commas++;
                    else if (b == (byte)';') semicolons++;
                    else if (b == (byte)'\t') tabs++;
                    atFieldStart = b is (byte)',' or (byte)';' or (byte)'\t';
                }
                else
                {
                    atFieldStart = b == (byte)Delimiter;
                    if (!atFieldStart)
                    {
                        // Unquoted field content: jump to the next delimiter or line end.
                        var next = block[(i + 1)..].IndexOfAny(special!);
                        if (next < 0) { recordBytes += block.Length - i - 1; i = block.Length; }
                        else if (next > 0) { recordBytes += next; i += next; }
                    }
                }
                Check(line);
            }
        }

        void ChooseDelimiter()
        {
            headerDone = true;
            Delimiter = semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons
                ? '\t' : ',';
            special = SearchValues.Create([(byte)Delimiter, (byte)'\n']);
        }

        void Check(long line)
        {
            if (recordBytes > MaxRecordBytes)
                throw new ImpactException(
                    $"{name} line {recordLine} starts a record longer than {MaxRecordBytes >> 20} MB (a huge field, " +
                    $"far too many columns or an unclosed quote) by line {line}: this is not a data export Impact " +
                    "can read.");
        }

        public void Finish()
        {
            if (pendingQuote) inQuotes = false;
            if (inQuotes)
                throw new ImpactException($"{name} line {recordLine} opens a quoted field that is never closed: fix " +
                    "the quote or re-export the file.");
            if (!headerDone) ChooseDelimiter();
        }
    }
}
