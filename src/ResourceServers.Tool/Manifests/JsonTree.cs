using System.Text.Json;

namespace ResourceServers.Tool.Manifests;

/// <summary>
/// A JSON document read into a small tree that remembers where each value starts, so a manifest error can name the
/// line as well as the member. (<see cref="JsonDocument"/> keeps no line numbers.) Comments and trailing commas are
/// allowed: a manifest is a file people edit. A YAML manifest is read into the same tree (<see cref="YamlTree"/>).
/// </summary>
internal abstract record JsonTree(int Line, int Column)
{
    /// <summary>What the value is, as a message says it: "an object", "a string", ...</summary>
    public abstract string Kind { get; }

    /// <summary>Reads a whole document.</summary>
    /// <exception cref="ManifestException">The text is not JSON; names the line and column the reader stopped at.</exception>
    public static JsonTree Parse(byte[] utf8, string file)
    {
        var lines = new LineMap(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                throw new ManifestException(file, 1, 1, "$", "the file is empty; expected a JSON object");
            }

            var tree = ReadValue(ref reader, lines);
            if (reader.Read())
            {
                var (line, column) = lines.Position(reader.TokenStartIndex);
                throw new ManifestException(file, line, column, "$", "unexpected content after the end of the document");
            }

            return tree;
        }
        catch (JsonException ex)
        {
            // The reader's positions are zero-based; people count from one.
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new ManifestException(file, line, column, "$", "not valid JSON: " + FirstSentence(ex.Message));
        }
    }

    private static JsonTree ReadValue(ref Utf8JsonReader reader, LineMap lines)
    {
        var (line, column) = lines.Position(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<JsonMember>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (nameLine, nameColumn) = lines.Position(reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    reader.Read();
                    members.Add(new JsonMember(name, nameLine, nameColumn, ReadValue(ref reader, lines)));
                }

                return new JsonObject(members, line, column);
            case JsonTokenType.StartArray:
                var items = new List<JsonTree>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, lines));
                }

                return new JsonArray(items, line, column);
            case JsonTokenType.String:
                return new JsonString(reader.GetString()!, line, column);
            default:
                return new JsonScalar(reader.TokenType, line, column);
        }
    }

    // The reader's message repeats the position in its own words (" LineNumber: 2 | BytePositionInLine: 4.") and
    // may add a path; the error already starts with the position, once.
    private static string FirstSentence(string message)
    {
        foreach (var tail in (ReadOnlySpan<string>)[" LineNumber:", " Path:"])
        {
            var end = message.IndexOf(tail, StringComparison.Ordinal);
            if (end > 0)
            {
                message = message[..end];
            }
        }

        return message.TrimEnd('.', ' ');
    }

    /// <summary>Byte offsets to one-based lines and columns (columns in bytes: exact for ASCII, close otherwise).</summary>
    private sealed class LineMap
    {
        private readonly List<int> _lineStarts = [0];

        public LineMap(byte[] utf8)
        {
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public (int Line, int Column) Position(long offset)
        {
            var index = _lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            return (line + 1, (int)offset - _lineStarts[line] + 1);
        }
    }
}

/// <summary>A member of an object, with where its name starts.</summary>
internal sealed record JsonMember(string Name, int Line, int Column, JsonTree Value);

internal sealed record JsonObject(IReadOnlyList<JsonMember> Members, int Line, int Column) : JsonTree(Line, Column)
{
    public override string Kind => "an object";
}

internal sealed record JsonArray(IReadOnlyList<JsonTree> Items, int Line, int Column) : JsonTree(Line, Column)
{
    public override string Kind => "an array";
}

internal sealed record JsonString(string Value, int Line, int Column) : JsonTree(Line, Column)
{
    public override string Kind => "a string";
}

internal sealed record JsonScalar(JsonTokenType Token, int Line, int Column) : JsonTree(Line, Column)
{
    public override string Kind => Token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => Token.ToString(),
    };
}
