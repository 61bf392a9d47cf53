using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ResourceServers.Tests.TestSupport;

/// <summary>
/// The service model (<c>tests/TestData/cognito/resource-servers.model.json</c>), read the way the service reads it:
/// patterns are whole-value matches with ASCII <c>\w</c>, <c>\s</c> and <c>\d</c>.
/// </summary>
internal sealed class CognitoServiceModel
{
    /// <summary>The five resource-server operations the library covers.</summary>
    public static readonly string[] Operations =
        ["CreateResourceServer", "DescribeResourceServer", "ListResourceServers", "UpdateResourceServer", "DeleteResourceServer"];

    private static readonly Lazy<CognitoServiceModel> Shared = new(() => Load(TestData.CognitoPath("resource-servers.model.json")));

    private readonly JsonElement _operations;
    private readonly JsonElement _shapes;

    private CognitoServiceModel(JsonDocument document)
    {
        _operations = document.RootElement.GetProperty("operations");
        _shapes = document.RootElement.GetProperty("shapes");
    }

    public static CognitoServiceModel Instance => Shared.Value;

    /// <summary>The names of every shape the model defines (requests, responses, members' types, errors).</summary>
    public IReadOnlyList<string> ShapeNames => [.. _shapes.EnumerateObject().Select(static p => p.Name)];

    public static CognitoServiceModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return new CognitoServiceModel(JsonDocument.Parse(stream));
    }

    /// <summary>
    /// The model's regular expression as the service applies it: anchored, with ASCII meanings of <c>\w</c>,
    /// <c>\s</c> and <c>\d</c>. Not <see cref="RegexOptions.ECMAScript"/>: there .NET's <c>\w</c> also matches
    /// U+0130 ('İ'), so the classes are spelled out instead (see <see cref="ToAsciiPattern"/>).
    /// </summary>
    public static Regex ServiceRegex(string pattern) =>
        new("^(?:" + ToAsciiPattern(pattern) + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));

    /// <summary>
    /// Rewrites <c>\w \s \d</c> (and their negations) as explicit ASCII sets. A construct the rewrite cannot express
    /// exactly throws, so a model pattern that needs more fails the tests loudly instead of being read wrongly.
    /// </summary>
    public static string ToAsciiPattern(string pattern)
    {
        var result = new StringBuilder(pattern.Length * 2);
        var inClass = false;
        var classStart = -1;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                var set = AsciiSet(char.ToLowerInvariant(next));
                if (next is 'b' or 'B' && !inClass)
                {
                    throw new NotSupportedException($"Pattern '{pattern}': \\{next} depends on .NET's Unicode \\w and is not translated to ASCII.");
                }

                if (set is null)
                {
                    result.Append(c).Append(next);
                }
                else if (char.IsLower(next))
                {
                    result.Append(inClass ? set : "[" + set + "]");
                }
                else if (!inClass)
                {
                    result.Append("[^").Append(set).Append(']');
                }
                else if (i - 2 == classStart && i + 1 < pattern.Length && pattern[i + 1] == ']' && result[^1] == '[')
                {
                    // [\S] and the like: a class holding only the negated escape is the negated set.
                    result.Append('^').Append(set);
                }
                else
                {
                    throw new NotSupportedException($"Pattern '{pattern}': a negated class escape \\{next} inside a larger [...] class is not translated to ASCII.");
                }

                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
                classStart = i;
            }
            else if (c == ']' && inClass && i > classStart + 1 && !(i == classStart + 2 && pattern[classStart + 1] == '^'))
            {
                inClass = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    private static string? AsciiSet(char escape) => escape switch
    {
        'w' => "a-zA-Z0-9_",
        's' => @" \t\n\x0B\f\r",
        'd' => "0-9",
        _ => null,
    };

    public JsonElement Shape(string name) =>
        _shapes.TryGetProperty(name, out var shape) ? shape : throw new KeyNotFoundException($"The model has no shape '{name}'.");

    public string InputShapeOf(string operation) =>
        _operations.GetProperty(operation).GetProperty("input").GetProperty("shape").GetString()!;

    public string TypeOf(string shapeName) => Shape(shapeName).GetProperty("type").GetString()!;

    public int? Min(string shapeName) => Shape(shapeName).TryGetProperty("min", out var v) ? v.GetInt32() : null;

    public int? Max(string shapeName) => Shape(shapeName).TryGetProperty("max", out var v) ? v.GetInt32() : null;

    public string? Pattern(string shapeName) => Shape(shapeName).TryGetProperty("pattern", out var v) ? v.GetString() : null;

    public IReadOnlyList<string> Required(string structureShape) =>
        Shape(structureShape).TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];

    /// <summary>Member name to shape name, in model order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Members(string structureShape) =>
        [.. Shape(structureShape).GetProperty("members").EnumerateObject()
            .Select(m => new KeyValuePair<string, string>(m.Name, m.Value.GetProperty("shape").GetString()!))];

    /// <summary>Whether a string value satisfies the shape's length (in code points) and pattern.</summary>
    public bool Accepts(string shapeName, string value)
    {
        var length = value.EnumerateRunes().Count();
        if (length < (Min(shapeName) ?? 0) || length > (Max(shapeName) ?? int.MaxValue))
        {
            return false;
        }

        return Pattern(shapeName) is not { } pattern || ServiceRegex(pattern).IsMatch(value);
    }

    /// <summary>Every shape reachable from the inputs of <see cref="Operations"/>, each once, in discovery order.</summary>
    public IReadOnlyList<string> ShapesReachableFromInputs()
    {
        var seen = new List<string>();
        void Visit(string name)
        {
            if (seen.Contains(name))
            {
                return;
            }

            seen.Add(name);
            var shape = Shape(name);
            switch (TypeOf(name))
            {
                case "structure":
                    foreach (var member in Members(name))
                    {
                        Visit(member.Value);
                    }

                    break;
                case "list":
                    Visit(shape.GetProperty("member").GetProperty("shape").GetString()!);
                    break;
                case "map":
                    Visit(shape.GetProperty("key").GetProperty("shape").GetString()!);
                    Visit(shape.GetProperty("value").GetProperty("shape").GetString()!);
                    break;
            }
        }

        foreach (var operation in Operations)
        {
            Visit(InputShapeOf(operation));
        }

        return seen;
    }
}
