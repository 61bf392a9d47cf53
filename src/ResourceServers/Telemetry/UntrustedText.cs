using System.Buffers;
using System.Globalization;
using System.Text;

namespace ResourceServers;

/// <summary>
/// The one sanitizer for text this library did not choose: strings from the server (error codes, messages, request
/// ids) and input it rejected (an identifier that failed validation). Applied before such text reaches a log field, a
/// span tag, a metric tag or an exception message, so it can neither forge log lines (CR/LF), drive a terminal
/// (ESC sequences), reorder what a reader sees (bidirectional overrides) nor flood a sink (a 131 KB identifier).
/// </summary>
internal static class UntrustedText
{
    /// <summary>The default cap, in UTF-16 units, of one sanitized value: more than any legal key or AWS message.</summary>
    public const int DefaultMaxLength = 512;

    // C0, DEL, C1, and the invisible format characters that reorder or hide text in a terminal or a log viewer.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F" +
        "\u200B\u200C\u200D\u200E\u200F\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF");

    /// <summary>
    /// As <see cref="Sanitize"/>, but line breaks stay real: each line is sanitized on its own (CR LF and CR become LF),
    /// so a message that lists causes one a line reads as it was written, and no line can carry a control character.
    /// </summary>
    public static string SanitizeLines(string value, int maxLength)
    {
        var text = string.Join('\n', value.ReplaceLineEndings("\n").Split('\n').Select(static line => Sanitize(line, int.MaxValue)));
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Concat(text.AsSpan(0, cut), "...(", (text.Length - cut).ToString(CultureInfo.InvariantCulture), " more characters)");
    }

    /// <summary>
    /// <paramref name="value"/> with every control or invisible format character written as <c>\uXXXX</c> (unpaired
    /// surrogates too) and cut to <paramref name="maxLength"/> characters, the cut said with how much was left out.
    /// The same instance when nothing needs changing, so clean values cost a scan and no allocation.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? Sanitize(string? value, int maxLength = DefaultMaxLength)
    {
        if (value is null || (value.Length <= maxLength && !value.AsSpan().ContainsAny(Escaped) && !value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF')))
        {
            return value;
        }

        // Stryker disable once Linq : equivalent in what it returns: Max gives the same text from a larger first buffer.
        // Min is what keeps hostile long text from sizing that buffer, a bound on memory no unit test observes.
        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 32);
        var i = 0;
        for (; i < value.Length && builder.Length < maxLength; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c) || Escaped.Contains(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (i < value.Length)
        {
            builder.Append("...(").Append((value.Length - i).ToString(CultureInfo.InvariantCulture)).Append(" more characters)");
        }

        return builder.ToString();
    }
}
