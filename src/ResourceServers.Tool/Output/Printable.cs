using System.Globalization;
using System.Text;

namespace ResourceServers.Tool.Output;

/// <summary>
/// Makes a value safe to print or write: every secret the tool has sent is redacted by value (as the library's
/// telemetry does), then control, format, line and paragraph separator characters become <c>\uXXXX</c>. Format
/// characters include the bidirectional controls (U+202A..U+202E, U+2066..U+2069, U+200E/F, U+061C) of the Trojan
/// Source class, which would reorder what a reviewer sees. Names and identifiers are checked against the service
/// model before the tool sees them, but a scope description may hold any character, and what a service returns is
/// not trusted.
/// </summary>
internal static class Printable
{
    /// <summary>The value redacted and escaped, for a terminal, a log or an error message.</summary>
    public static string Of(string? value) => Escape(SentSecrets.Redact(value ?? string.Empty));

    /// <summary>
    /// As <see cref="Of"/>, but a message's own line breaks stay real (CR LF and CR become LF), so an error that lists
    /// its causes one a line, as the AWS credential chain's does, reads as written; nothing else is kept.
    /// </summary>
    public static string OfLines(string? value) => Escape(SentSecrets.Redact((value ?? string.Empty).ReplaceLineEndings("\n")), keepLineFeeds: true);

    /// <summary>
    /// <paramref name="text"/> with every character that <see cref="MustEscape"/> names written as <c>\uXXXX</c> (a
    /// surrogate pair as two).
    /// </summary>
    public static string Escape(string text) => Escape(text, keepLineFeeds: false);

    /// <summary>
    /// JSON text as <see cref="Escape(string)"/> leaves it, line feeds between its tokens kept. This is how JSON escapes
    /// those characters inside a string, and JSON allows none of them outside one except white space, so it changes
    /// no value: the document reads back the same.
    /// </summary>
    public static string EscapeJson(string json) => Escape(json, keepLineFeeds: true);

    private static string Escape(string text, bool keepLineFeeds)
    {
        var first = FirstToEscape(text, keepLineFeeds);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length;)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            if (status != System.Buffers.OperationStatus.Done || (MustEscape(rune) && !(keepLineFeeds && rune.Value == '\n')))
            {
                foreach (var c in text.AsSpan(i, length))
                {
                    escaped.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
                }
            }
            else
            {
                escaped.Append(text, i, length);
            }

            i += length;
        }

        return escaped.ToString();
    }

    /// <summary>Control (Cc), format (Cf, the bidirectional controls among them), line (Zl) and paragraph (Zp) separators.</summary>
    public static bool MustEscape(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static int FirstToEscape(string text, bool keepLineFeeds)
    {
        for (var i = 0; i < text.Length;)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            if (status != System.Buffers.OperationStatus.Done || (MustEscape(rune) && !(keepLineFeeds && rune.Value == '\n')))
            {
                return i;
            }

            i += length;
        }

        return -1;
    }
}
