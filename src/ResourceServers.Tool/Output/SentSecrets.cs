using System.Collections.Concurrent;

namespace ResourceServers.Tool.Output;

/// <summary>
/// The secrets this process has sent or was given: the Authorization value and signature and the session token of
/// every request (seen by <see cref="Commands.SentSecretsHandler"/> as they leave), and the secret key and session
/// token of the environment. Whatever the tool prints or writes is scrubbed of them by value, with the library's own
/// <see cref="SignedSecrets"/>, so a server that echoes a token inside success data (a scope description, a name)
/// cannot get it into a pipeline's log or an exported manifest.
/// </summary>
internal static class SentSecrets
{
    private static readonly ConcurrentDictionary<string, SignedSecrets> Known = new(StringComparer.Ordinal);

    static SentSecrets() => Add(
        authorization: null,
        Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"),
        Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));

    /// <summary>Remembers the secrets of one request (or of the environment).</summary>
    public static void Add(string? authorization, string? sessionToken, string? secretKey)
    {
        var key = string.Join('\n', authorization, sessionToken, secretKey);
        Known.TryAdd(key, new SignedSecrets(authorization, sessionToken, secretKey));
    }

    /// <summary><paramref name="text"/> with every known secret replaced by <c>[redacted]</c>.</summary>
    public static string Redact(string text)
    {
        foreach (var secrets in Known.Values)
        {
            text = secrets.Redact(text) ?? text;
        }

        return text;
    }
}
