using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ResourceServers.Tool.Output;

namespace ResourceServers.Tool.Manifests;

/// <summary>
/// Writes a manifest (what <c>export</c> prints): the form <see cref="ManifestReader"/> reads back unchanged. Secrets
/// the tool sent are redacted by value, and control, format (bidirectional), line and paragraph separator characters
/// are JSON-escaped (<see cref="Printable"/>), so a file that goes into a pull request shows what it holds.
/// </summary>
internal static class ManifestWriter
{
    public static string Write(IEnumerable<ManifestPool> pools)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Identifiers are URLs more often than not: "https://api.example.com" reads better than "https:\/\/...".
            // Still JSON-escaped where JSON requires it (quotes, backslashes, control characters); the characters that
            // would hide or reorder text are escaped after, as that escaping changes no value.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteStartArray("userPools");
            foreach (var pool in pools)
            {
                json.WriteStartObject();
                json.WriteString("userPoolId", SentSecrets.Redact(pool.UserPoolId));
                json.WriteStartArray("resourceServers");
                foreach (var server in pool.ResourceServers)
                {
                    json.WriteStartObject();
                    json.WriteString("identifier", SentSecrets.Redact(server.Identifier));
                    json.WriteString("name", SentSecrets.Redact(server.Name));
                    WriteScopes(json, "scopes", server.Scopes);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Printable.EscapeJson(Encoding.UTF8.GetString(buffer.ToArray())) + "\n";
    }

    /// <summary>
    /// The same manifest as YAML (what <c>export --file F.yaml</c> writes), every value a double-quoted scalar in JSON's
    /// escaping (which YAML's double-quoted style reads the same), so no value is ever typed implicitly.
    /// </summary>
    public static string WriteYaml(IEnumerable<ManifestPool> pools)
    {
        var yaml = new StringBuilder("userPools:");
        var any = false;
        foreach (var pool in pools)
        {
            any = true;
            yaml.Append("\n  - userPoolId: ").Append(Quote(pool.UserPoolId)).Append("\n    resourceServers:");
            if (pool.ResourceServers.Count == 0)
            {
                yaml.Append(" []");
            }

            foreach (var server in pool.ResourceServers)
            {
                yaml.Append("\n      - identifier: ").Append(Quote(server.Identifier))
                    .Append("\n        name: ").Append(Quote(server.Name))
                    .Append("\n        scopes:");
                if (server.Scopes.Count == 0)
                {
                    yaml.Append(" []");
                }

                foreach (var scope in server.Scopes)
                {
                    yaml.Append("\n          - name: ").Append(Quote(scope.Name))
                        .Append("\n            description: ").Append(Quote(scope.Description));
                }
            }
        }

        return yaml.Append(any ? "\n" : " []\n").ToString();
    }

    // A JSON string literal, redacted and escaped as the JSON manifest's values are: a valid YAML double-quoted scalar.
    private static string Quote(string value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStringValue(SentSecrets.Redact(value));
        }

        return Printable.EscapeJson(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>
    /// Writes scopes as the manifest has them (<c>[{"name", "description"}]</c>); <c>plan --output json</c> uses the
    /// same shape, so a bot can copy scopes from a plan into a manifest.
    /// </summary>
    public static void WriteScopes(Utf8JsonWriter json, string propertyName, IEnumerable<ResourceServerScope> scopes)
    {
        json.WriteStartArray(propertyName);
        foreach (var scope in scopes)
        {
            json.WriteStartObject();
            json.WriteString("name", SentSecrets.Redact(scope.Name));
            json.WriteString("description", SentSecrets.Redact(scope.Description));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
