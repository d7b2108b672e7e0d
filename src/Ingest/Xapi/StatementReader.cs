using System.Runtime.CompilerServices;
using System.Text.Json;
using Impact.Warehouse;

namespace Impact.Ingest.Xapi;

/// <summary>What the reader found at one place in the input: a usable statement or a rejection.</summary>
/// <summary>
/// What the reader found at one place in the input: a usable statement or a rejection, and the
/// statement's JSON text (clipped) for the quarantine table.
/// </summary>
public sealed record XapiRead(XapiStatement? Statement, XapiRejection? Rejection, string Raw, int Index, long Line)
{
    public const int MaxRaw = 2000;
}

/// <summary>
/// Reads xAPI statements from a stream holding a JSON array of statements or a StatementResult
/// (<c>{"statements": [...], "more": "..."}</c>), one statement at a time: only the statement being
/// read is in memory, so a file of millions of statements streams in bounded memory.
/// A statement that is valid JSON but unusable is yielded as a rejection (the run goes on); JSON that is
/// not well formed stops the read with an <see cref="ImpactException"/> naming the source, line and statement.
/// </summary>
public sealed class StatementReader(string source)
{
    /// <summary>One statement may not exceed this: a hostile or broken file gets a sentence, not an
    /// out-of-memory.</summary>
    public const int MaxStatementBytes = 16 * 1024 * 1024;

    const int InitialBuffer = 64 * 1024;

    /// <summary>The StatementResult's <c>more</c> link, once the read has passed it (null when absent or
    /// empty).</summary>
    public string? More { get; private set; }

    /// <summary>Statements seen so far (usable or not), counting from 1.</summary>
    public int Count => walker.Index;

    readonly Walker walker = new();

    public async IAsyncEnumerable<XapiRead> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[InitialBuffer];
        int filled = 0;
        var eof = false;
        var first = true;
        var found = new List<XapiRead>();
        while (true)
        {
            if (!eof && filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
                if (read == 0) eof = true;
                filled += read;
                if (first && filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    // UTF-8 BOM: allowed in files, not by the JSON reader
                    Buffer.BlockCopy(buffer, 3, buffer, 0, filled - 3);
                    filled -= 3;
                }
                if (filled >= 3 || eof) first = false;
                if (first) continue;
            }

            if (eof && filled == 0 && walker.Index == 0 && !walker.Started)
                throw new ImpactException($"{source}: the file is empty; expected a JSON array of statements or a " +
                    "StatementResult.");
            int consumed;
            try { consumed = walker.Step(buffer.AsSpan(0, filled), eof, found); }
            catch (JsonException e)
            {
                throw new ImpactException(
                    $"{source}: the JSON is not well formed at line {(e.LineNumber ?? 0) + 1}, byte " +
                    $"{e.BytePositionInLine + 1} (statement {walker.Index + 1}): {FirstSentence(e.Message)}.", e);
            }
            catch (InvalidDataException e)
            {
                throw new ImpactException($"{source}: {e.Message}", e);
            }
            if (walker.MoreLink is not null) More = walker.MoreLink.Length == 0 ? null : walker.MoreLink;
            foreach (var item in found) yield return item;
            found.Clear();
            if (walker.Finished) yield break;
            if (eof && consumed == 0 && filled > 0 && !walker.Finished)
                throw new ImpactException($"{source}: the file ends in the middle of statement {walker.Index + 1}.");

            walker.Compacted(buffer.AsSpan(0, consumed));
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxStatementBytes)
                    throw new ImpactException($"{source}: statement {walker.Index + 1} (line {walker.NextLine}) is " +
                        $"larger than {MaxStatementBytes / 1024 / 1024} MB; a statement that size is not a learning " +
                        "record.");
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxStatementBytes));
            }
        }
    }

    static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }

    /// <summary>
    /// The synchronous part (Utf8JsonReader is a ref struct and cannot live across an await): reads as
    /// far as the buffer allows and remembers where it got to, so the next buffer continues from there.
    /// </summary>
    sealed class Walker
    {
        enum Phase { Start, Properties, Value, Items, End }

        Phase phase = Phase.Start;
        bool topLevelArray;
        string? property;
        JsonReaderState state = new(new JsonReaderOptions { MaxDepth = 128 });
        int countedTo;     // how far into the buffer newlines have been counted
        long linesCounted; // newlines before countedTo, in the whole input

        public int Index { get; private set; }
        public string? MoreLink { get; private set; }
        public bool Finished { get; private set; }
        public bool Started => phase != Phase.Start;
        public long NextLine => linesCounted + 1;

        public int Step(ReadOnlySpan<byte> data, bool final, List<XapiRead> found)
        {
            var reader = new Utf8JsonReader(data, final, state);
            var committed = 0;
            while (phase != Phase.End)
            {
                // Each phase reads one token (or one whole statement). When the buffer ends first, the next
                // buffer starts again from the last token read completely.
                var complete = phase switch
                {
                    Phase.Start => Begin(ref reader),
                    Phase.Properties => Property(ref reader),
                    Phase.Value => Value(ref reader),
                    _ => Item(ref reader, data, found),
                };
                if (!complete) return committed;
                state = reader.CurrentState;
                committed = (int)reader.BytesConsumed;
            }
            if (reader.Read()) throw new InvalidDataException("there is more JSON after the end of the statements.");
            if (final) Finished = true;
            return (int)reader.BytesConsumed;
        }

        /// <summary>The input is a JSON array of statements or a StatementResult object.</summary>
        bool Begin(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.StartArray) { topLevelArray = true; phase = Phase.Items; }
            else if (reader.TokenType == JsonTokenType.StartObject) phase = Phase.Properties;
            else
                throw new InvalidDataException(
                    "expected a JSON array of statements or a StatementResult object ({\"statements\": [...]}).");
            return true;
        }

        /// <summary>A StatementResult's next property name, or its end.</summary>
        bool Property(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndObject) phase = Phase.End;
            else { property = reader.GetString(); phase = Phase.Value; }
            return true;
        }

        /// <summary>The statements array is read item by item; "more" is kept (the next page); the rest is
        /// skipped.</summary>
        bool Value(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) return false;
            if (property == "statements")
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw new InvalidDataException("\"statements\" must be an array.");
                phase = Phase.Items;
                return true;
            }
            if (property == "more" && reader.TokenType == JsonTokenType.String) MoreLink = reader.GetString() ?? "";
            if (!reader.TrySkip()) return false;
            phase = Phase.Properties;
            return true;
        }

        /// <summary>The next statement of the array, parsed (or rejected), or the array's end.</summary>
        bool Item(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, List<XapiRead> found)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                phase = topLevelArray ? Phase.End : Phase.Properties;
                return true;
            }
            var start = (int)reader.TokenStartIndex;
            if (!JsonDocument.TryParseValue(ref reader, out var document)) return false;
            using (document) found.Add(Statement(document.RootElement, LineAt(data, start)));
            return true;
        }

        XapiRead Statement(JsonElement root, long line)
        {
            Index++;
            XapiStatement? statement;
            XapiRejection? rejection;
            try { (statement, rejection) = StatementParser.Parse(root, Index, line); }
            catch (InvalidOperationException)
            {
                // System.Text.Json checks UTF-8 only when a string is read.
                throw new InvalidDataException($"statement {Index} (line {line}) holds text that is not valid UTF-8.");
            }
            var raw = root.GetRawText();
            return new XapiRead(statement, rejection, raw.Length <= XapiRead.MaxRaw ? raw : raw[..XapiRead.MaxRaw],
                Index, line);
        }

        long LineAt(ReadOnlySpan<byte> data, int position)
        {
            linesCounted += data[countedTo..position].Count((byte)'\n');
            countedTo = position;
            return linesCounted + 1;
        }

        /// <summary>The buffer drops what was read; count the newlines it had not counted yet.</summary>
        public void Compacted(ReadOnlySpan<byte> dropped)
        {
            linesCounted += dropped[countedTo..].Count((byte)'\n');
            countedTo = 0;
        }
    }
}
