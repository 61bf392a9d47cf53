using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ResourceServers.Tool.Manifests;

/// <summary>
/// Reads a YAML manifest into the same tree a JSON one gives (<see cref="JsonTree"/>), with the line and column of
/// each value, so both are checked by one reader with the same errors. Built from YamlDotNet's parser events, not its
/// object model: that keeps a duplicate key (an error, as in JSON) and never expands an alias.
/// </summary>
/// <remarks>
/// <para>YAML's implicit typing is not guessed at. A quoted scalar, a block scalar (<c>|</c>, <c>&gt;</c>) or one tagged
/// <c>!!str</c> is a string. A plain (unquoted) scalar that YAML 1.1 or 1.2 reads as null, a boolean, a number or a
/// timestamp (<c>no</c>, <c>on</c>, <c>1.0</c>, <c>0x1F</c>, <c>~</c>, <c>2026-01-01</c>) keeps that type, so where the
/// manifest wants a string it is an error that says to quote it: the file then means the same to every YAML reader and
/// to editors checking it against the schema. Any other plain scalar is the string as written.</para>
/// <para>One document only; no anchors, aliases or other tags (a manifest is data a pull request changes, and an
/// alias can make a small file expand beyond any bound); at most <see cref="MaxDepth"/> levels of nesting.</para>
/// </remarks>
internal static partial class YamlTree
{
    /// <summary>As deep as System.Text.Json reads by default; a manifest needs five.</summary>
    public const int MaxDepth = 64;

    /// <summary>Whether <paramref name="path"/> names a YAML file: it ends in .yaml or .yml (any case).</summary>
    public static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ManifestException">The text is not YAML, or uses what a manifest may not; names the line and column.</exception>
    public static JsonTree Parse(byte[] utf8, string file)
    {
        using var text = new StringReader(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(utf8).TrimStart('\uFEFF'));
        var parser = new Parser(text);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out var empty))
            {
                throw new ManifestException(file, (int)empty.Start.Line, (int)empty.Start.Column, "$", "the file is empty; expected a YAML mapping with \"userPools\"");
            }

            parser.Consume<DocumentStart>();
            var tree = new Reader(parser, file).ReadValue(depth: 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw new ManifestException(file, (int)second.Start.Line, (int)second.Start.Column, "$", "a second YAML document; a manifest is one document");
            }

            parser.Consume<StreamEnd>();
            return tree;
        }
        catch (YamlException ex)
        {
            throw new ManifestException(file, (int)ex.Start.Line, (int)ex.Start.Column, "$", "not valid YAML: " + FirstSentence(ex.Message));
        }
    }

    // YamlDotNet's messages start with the position again ("(Line: 3, Col: 5, Idx: 40) - (Line: ...): ").
    private static string FirstSentence(string message)
    {
        var position = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (position >= 0 ? message[(position + 3)..] : message).TrimEnd('.', ' ');
    }

    private sealed class Reader(IParser parser, string file)
    {
        public JsonTree ReadValue(int depth)
        {
            var current = parser.Current ?? throw new ManifestException(file, "ended inside a value");
            if (current is AnchorAlias alias)
            {
                throw Refuse(alias.Start, $"an alias (*{alias.Value}); a manifest writes each value out, without anchors or aliases");
            }

            if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                throw Refuse(anchored.Start, $"an anchor (&{anchored.Anchor.Value}); a manifest writes each value out, without anchors or aliases");
            }

            if (depth > MaxDepth)
            {
                throw Refuse(current.Start, $"nested more than {MaxDepth} levels deep");
            }

            switch (current)
            {
                case MappingStart mapping:
                    RefuseTag(mapping, allowed: "tag:yaml.org,2002:map");
                    parser.MoveNext();
                    var members = new List<JsonMember>();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        if (parser.Current is not Scalar key || key.Anchor is { IsEmpty: false } || !key.Tag.IsEmpty)
                        {
                            throw Refuse(parser.Current!.Start, "a key that is not plain text; a manifest's keys are names such as userPools");
                        }

                        parser.MoveNext();
                        members.Add(new JsonMember(key.Value, (int)key.Start.Line, (int)key.Start.Column, ReadValue(depth + 1)));
                    }

                    return new JsonObject(members, (int)mapping.Start.Line, (int)mapping.Start.Column);
                case SequenceStart sequence:
                    RefuseTag(sequence, allowed: "tag:yaml.org,2002:seq");
                    parser.MoveNext();
                    var items = new List<JsonTree>();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        items.Add(ReadValue(depth + 1));
                    }

                    return new JsonArray(items, (int)sequence.Start.Line, (int)sequence.Start.Column);
                case Scalar scalar:
                    RefuseTag(scalar, allowed: "tag:yaml.org,2002:str");
                    parser.MoveNext();
                    var (line, column) = ((int)scalar.Start.Line, (int)scalar.Start.Column);
                    return scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty && ImplicitType(scalar.Value) is { } type
                        ? new YamlImplicitScalar(type, scalar.Value, line, column)
                        : new JsonString(scalar.Value, line, column);
                default:
                    throw Refuse(current.Start, $"unexpected {current.GetType().Name}");
            }
        }

        private void RefuseTag(NodeEvent node, string allowed)
        {
            if (!node.Tag.IsEmpty && node.Tag.Value != allowed)
            {
                throw Refuse(node.Start, $"the tag {node.Tag.Value}; a manifest uses no YAML tags other than !!str");
            }
        }

        private ManifestException Refuse(Mark at, string what) => new(file, (int)at.Line, (int)at.Column, "$", $"{what} is not allowed");
    }

    /// <summary>What YAML 1.1 or 1.2 (core schema) reads an unquoted scalar as, when not a string: "null", "a boolean", ...</summary>
    private static string? ImplicitType(string plain) =>
        NullPattern().IsMatch(plain) ? "null"
        : BooleanPattern().IsMatch(plain) ? "a boolean"
        : IntegerPattern().IsMatch(plain) || FloatPattern().IsMatch(plain) ? "a number"
        : TimestampPattern().IsMatch(plain) ? "a timestamp"
        : null;

    [GeneratedRegex("^(|~|null|Null|NULL)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex BooleanPattern();

    // 1.2: decimal, 0o octal, 0x hex; 1.1 adds 0b binary, 0-prefixed octal, '_' separators and base 60 (1:30).
    [GeneratedRegex("^([-+]?[0-9][0-9_]*|0o[0-7]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*)$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?$")]
    private static partial Regex TimestampPattern();
}

/// <summary>
/// A plain YAML scalar that YAML reads as null, a boolean, a number or a timestamp; wherever the manifest wants a
/// string its error says so and how to write the text instead.
/// </summary>
internal sealed record YamlImplicitScalar(string Type, string Text, int Line, int Column) : JsonTree(Line, Column)
{
    public override string Kind => Text.Length == 0
        ? $"{Type} (YAML reads an empty value as null)"
        : $"{Type} (YAML reads the unquoted {Text} as {(Type == "null" ? "null" : "one")}; write \"{Text}\" in quotes for the text)";
}
