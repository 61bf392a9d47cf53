namespace ResourceServers;

/// <summary>
/// The secret values one signed request carried or was signed with: the Authorization value, the signature, the
/// session token and the secret key. Whatever a server (or a proxy, or AWS's own signature errors) echoes back is
/// scrubbed of them by value, so no wording the server picks can carry them into a message, a log or a span.
/// </summary>
internal sealed class SignedSecrets
{
    /// <summary>What stands in for a secret.</summary>
    public const string Placeholder = "[redacted]";

    // Shorter values are not secrets worth the name (an empty token) and replacing them would mangle ordinary text.
    private const int MinSecretLength = 8;

    private readonly string[] _values;

    /// <param name="authorization">The Authorization header sent.</param>
    /// <param name="sessionToken">The X-Amz-Security-Token sent, if any.</param>
    /// <param name="secretKey">The secret access key signed with.</param>
    public SignedSecrets(string? authorization, string? sessionToken, string? secretKey)
    {
        var values = new List<string>(8);
        Add(values, authorization);
        if (authorization is not null && authorization.IndexOf("Signature=", StringComparison.Ordinal) is var at and >= 0)
        {
            Add(values, authorization[(at + "Signature=".Length)..].Split(',', 2)[0].Trim());
        }

        Add(values, sessionToken);
        Add(values, secretKey);

        // Longest first, so a value that contains another (the Authorization value holds the signature) goes whole.
        _values = [.. values.Distinct(StringComparer.Ordinal).OrderByDescending(static v => v.Length)];
    }

    /// <summary><paramref name="text"/> with every secret, as sent or percent-encoded, replaced by <see cref="Placeholder"/>.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var value in _values)
        {
            text = text.Replace(value, Placeholder, StringComparison.Ordinal);
        }

        return text;
    }

    private static void Add(List<string> values, string? secret)
    {
        if (secret is null || secret.Length < MinSecretLength)
        {
            return;
        }

        values.Add(secret);

        // A token or key quoted in a URL or a form (a proxy's error page, a canonical query string) is percent-encoded.
        var escaped = Uri.EscapeDataString(secret);
        if (!string.Equals(escaped, secret, StringComparison.Ordinal))
        {
            values.Add(escaped);
        }
    }
}
