using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ResourceServers.Tool.Manifests;

/// <summary>Writes a manifest (what <c>export</c> prints): the form <see cref="ManifestReader"/> reads back unchanged.</summary>
internal static class ManifestWriter
{
    public static string Write(IEnumerable<ManifestPool> pools)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Identifiers are URLs more often than not: "https://api.example.com" reads better than "https:\/\/...".
            // Still JSON-escaped where JSON requires it (quotes, backslashes, control characters).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteStartArray("userPools");
            foreach (var pool in pools)
            {
                json.WriteStartObject();
                json.WriteString("userPoolId", pool.UserPoolId);
                json.WriteStartArray("resourceServers");
                foreach (var server in pool.ResourceServers)
                {
                    json.WriteStartObject();
                    json.WriteString("identifier", server.Identifier);
                    json.WriteString("name", server.Name);
                    WriteScopes(json, "scopes", server.Scopes);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
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
            json.WriteString("name", scope.Name);
            json.WriteString("description", scope.Description);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
