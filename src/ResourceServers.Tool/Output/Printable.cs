using System.Globalization;
using System.Text;

namespace ResourceServers.Tool.Output;

/// <summary>
/// Makes a value safe to print on a terminal: control characters (escape sequences, CR/LF) become <c>\uXXXX</c>.
/// Names and identifiers are checked against the service model before the tool sees them, but a scope description
/// may hold any character, and what a service returns is not trusted.
/// </summary>
internal static class Printable
{
    public static string Of(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.Any(char.IsControl))
        {
            return value ?? string.Empty;
        }

        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            text.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c);
        }

        return text.ToString();
    }
}
