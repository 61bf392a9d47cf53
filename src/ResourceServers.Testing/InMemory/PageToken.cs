using System.Text;

namespace ResourceServers.Testing;

/// <summary>
/// The opaque NextToken of the list operations: base64 of a version, the listing it belongs to (a user pool id, or
/// the pool list) and the last key returned. Paging resumes after that key in ordinal order, so a token stays valid
/// when the item it names is deleted meanwhile. A token from another listing is refused.
/// </summary>
internal static class PageToken
{
    // Generous for a 55-character pool id and a 256-character identifier once base64-encoded; refuses huge input early.
    internal const int MaxLength = 1024;

    private const string Version = "v1";
    private const char Separator = '\n';

    public static string Encode(string listing, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join(Separator, Version, listing, lastKey)));

    /// <summary>Reads a token; answers why it cannot be used when it was not issued for <paramref name="listing"/>.</summary>
    public static bool TryDecode(string token, string listing, out string lastKey, out string? problem)
    {
        lastKey = string.Empty;
        if (token.Length > MaxLength)
        {
            problem = "it is longer than any token this service issues";
            return false;
        }

        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written))
        {
            problem = "it is not a token this service issued";
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            problem = "it is not a token this service issued";
            return false;
        }

        var parts = text.Split(Separator);
        if (parts.Length != 3 || parts[0] != Version || parts[2].Length == 0)
        {
            problem = "it is not a token this service issued";
            return false;
        }

        if (!string.Equals(parts[1], listing, StringComparison.Ordinal))
        {
            problem = "it was issued for another listing";
            return false;
        }

        lastKey = parts[2];
        problem = null;
        return true;
    }
}
