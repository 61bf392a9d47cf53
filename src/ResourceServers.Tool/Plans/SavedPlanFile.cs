using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResourceServers.Tool.Commands;
using ResourceServers.Tool.Manifests;
using ResourceServers.Tool.Output;

namespace ResourceServers.Tool.Plans;

/// <summary>
/// The saved plan's file (docs/tool.md, "Saved plans"): JSON with a <c>format</c> name, a <c>formatVersion</c>, the
/// SHA-256 of its <c>plan</c> member and that member. The digest catches a file edited or cut short after it was
/// written (it is not a signature: whoever can write the file can recompute it). Every string is redacted of the
/// secrets the tool sent and written with every non-ASCII character escaped, so the file is ASCII and holds no secret:
/// pool ids, identifiers, names, scopes, the Region and the endpoint.
/// </summary>
internal static class SavedPlanFile
{
    private const string DigestPlaceholder = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Writes <paramref name="plan"/> to <paramref name="path"/> atomically (<see cref="AtomicFile"/>).</summary>
    /// <exception cref="ToolException">The file cannot be written.</exception>
    public static void Write(string path, SavedPlan plan) => AtomicFile.Write(path, Serialize(plan));

    /// <summary>The file's bytes for <paramref name="plan"/>.</summary>
    public static byte[] Serialize(SavedPlan plan)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", SavedPlan.FormatName);
            json.WriteNumber("formatVersion", SavedPlan.FormatVersion);
            json.WriteString("sha256", DigestPlaceholder);
            json.WriteStartObject("plan");
            json.WriteString("createdAt", plan.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("region", SentSecrets.Redact(plan.Region));
            json.WriteString("endpoint", SentSecrets.Redact(plan.Endpoint.ToString()));
            json.WriteString("manifest", SentSecrets.Redact(plan.Manifest));
            json.WriteBoolean("prune", plan.Prune);
            json.WriteStartArray("userPools");
            foreach (var pool in plan.UserPools)
            {
                json.WriteStartObject();
                json.WriteString("userPoolId", SentSecrets.Redact(pool.UserPoolId));
                json.WriteStartArray("resourceServers");
                foreach (var change in pool.Changes)
                {
                    json.WriteStartObject();
                    json.WriteString("identifier", SentSecrets.Redact(change.Identifier));
                    json.WriteString("action", PlanTable.Action(change.Kind));
                    WriteState(json, "read", change.Before);
                    WriteState(json, "planned", change.After);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        var bytes = buffer.ToArray();

        // The digest covers the plan member's text exactly as written, which is what a reader gets back from it.
        using var document = JsonDocument.Parse(bytes);
        var digest = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document.RootElement.GetProperty("plan").GetRawText()))));
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(DigestPlaceholder));
        digest.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    /// <summary>Reads a saved plan, refusing a file that is not one, of another format version, or changed since it was written.</summary>
    /// <exception cref="ManifestException">The file is missing, not a regular file or too large.</exception>
    /// <exception cref="ToolException">The file is not a saved plan this tool reads; the message names the file and why.</exception>
    public static SavedPlan Read(string path)
    {
        var bytes = ManifestFile.ReadBytes(path, "saved plan");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            throw NotAPlan(path, "it is not JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != SavedPlan.FormatName)
            {
                throw NotAPlan(path, $"it has no \"format\": \"{SavedPlan.FormatName}\"");
            }

            if (!root.TryGetProperty("formatVersion", out var version) || !version.TryGetInt32(out var number))
            {
                throw new ToolException($"{Printable.Of(path)}: formatVersion: must be a whole number; the file is damaged, make the plan again.");
            }

            if (number != SavedPlan.FormatVersion)
            {
                throw new ToolException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Printable.Of(path)}: plan format version {number} is not one this tool reads (it reads version {SavedPlan.FormatVersion}); apply it with the resource-servers version that made it, or make the plan again with this one."));
            }

            if (!root.TryGetProperty("plan", out var plan) || plan.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sha256", out var digest) || digest.ValueKind != JsonValueKind.String)
            {
                throw new ToolException($"{Printable.Of(path)}: a saved plan has \"sha256\" and \"plan\"; this file lacks one. It is damaged: make the plan again.");
            }

            var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plan.GetRawText())));
            if (!string.Equals(actual, digest.GetString(), StringComparison.Ordinal))
            {
                throw new ToolException($"{Printable.Of(path)}: the plan was changed after resource-servers wrote it (its content does not match its sha256); nothing was applied. Make the plan again.");
            }

            return new Reader(Printable.Of(path)).ReadPlan(plan);
        }
    }

    private static ToolException NotAPlan(string path, string why) =>
        new($"{Printable.Of(path)}: not a saved plan ({why}); apply FILE takes a file written by plan --out, and a manifest goes to apply --manifest.");

    private static void WriteState(Utf8JsonWriter json, string name, ResourceServer? state)
    {
        if (state is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("name", SentSecrets.Redact(state.Name));
        ManifestWriter.WriteScopes(json, "scopes", state.Scopes);
        json.WriteEndObject();
    }

    /// <summary>The <c>plan</c> member, checked as the service model would check it: a digest proves no intent.</summary>
    private sealed class Reader(string file)
    {
        public SavedPlan ReadPlan(JsonElement plan)
        {
            var createdAt = DateTimeOffset.TryParse(String(plan, "createdAt", "plan"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw Damaged("plan.createdAt", "must be a UTC time such as 2026-12-06T09:30:00Z");
            var endpointText = String(plan, "endpoint", "plan");
            var endpoint = Uri.TryCreate(endpointText, UriKind.Absolute, out var uri) ? uri : throw Damaged("plan.endpoint", "must be an absolute URL");
            var prune = Member(plan, "prune", "plan").ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Damaged("plan.prune", "must be true or false"),
            };

            var pools = new List<PoolPlan>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (pool, i) in Array(plan, "userPools", "plan").Select((p, i) => (p, i)))
            {
                var path = $"plan.userPools[{i}]";
                var id = String(pool, "userPoolId", path);
                Check(path + ".userPoolId", () => ResourceServerValidator.ValidateUserPoolId(id, "userPoolId"));
                if (!seen.Add(id))
                {
                    throw Damaged(path + ".userPoolId", "names a pool already planned");
                }

                var identifiers = new HashSet<string>(StringComparer.Ordinal);
                var changes = new List<ResourceServerChange>();
                foreach (var (server, j) in Array(pool, "resourceServers", path).Select((s, j) => (s, j)))
                {
                    var serverPath = $"{path}.resourceServers[{j}]";
                    var change = ReadChange(server, serverPath, id);
                    if (!identifiers.Add(change.Identifier))
                    {
                        throw Damaged(serverPath + ".identifier", "names a resource server already planned");
                    }

                    changes.Add(change);
                }

                pools.Add(new PoolPlan(id, changes, null));
            }

            return new SavedPlan(createdAt, String(plan, "region", "plan"), endpoint, String(plan, "manifest", "plan"), prune, pools);
        }

        private ResourceServerChange ReadChange(JsonElement server, string path, string userPoolId)
        {
            var identifier = String(server, "identifier", path);
            var read = State(server, "read", path, userPoolId, identifier);
            var planned = State(server, "planned", path, userPoolId, identifier);
            var action = String(server, "action", path);
            return (action, read, planned) switch
            {
                ("create", null, { } after) => ResourceServerChange.Plan(null, after),
                ("update", { } before, { } after) when !before.HasSameContentAs(after) => ResourceServerChange.Plan(before, after),
                ("none", { } before, { } after) when before.HasSameContentAs(after) => ResourceServerChange.Plan(before, after),
                ("delete", { } before, null) => ResourceServerChange.PlanDelete(before),
                _ => throw Damaged(path + ".action", $"'{Printable.Of(action)}' does not fit what was read and planned (create: read null; update: both, differing; none: both, the same; delete: planned null)"),
            };
        }

        private ResourceServer? State(JsonElement owner, string name, string ownerPath, string userPoolId, string identifier)
        {
            var path = $"{ownerPath}.{name}";
            var state = Member(owner, name, ownerPath);
            if (state.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (state.ValueKind != JsonValueKind.Object)
            {
                throw Damaged(path, "must be an object or null");
            }

            var scopes = Array(state, "scopes", path)
                .Select((s, k) => new ResourceServerScope(String(s, "name", $"{path}.scopes[{k}]"), String(s, "description", $"{path}.scopes[{k}]")))
                .ToList();
            var server = new ResourceServer(userPoolId, identifier, String(state, "name", path), scopes);
            Check(path, () => ResourceServerValidator.Validate(server));
            return server;
        }

        private JsonElement Member(JsonElement owner, string name, string ownerPath) =>
            owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? value : throw Damaged($"{ownerPath}.{name}", "is required");

        private string String(JsonElement owner, string name, string ownerPath) =>
            Member(owner, name, ownerPath) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw Damaged($"{ownerPath}.{name}", "must be a string");

        private JsonElement.ArrayEnumerator Array(JsonElement owner, string name, string ownerPath) =>
            Member(owner, name, ownerPath) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : throw Damaged($"{ownerPath}.{name}", "must be an array");

        private void Check(string path, Action validate)
        {
            try
            {
                validate();
            }
            catch (ResourceServerValidationException ex)
            {
                throw Damaged(path, Printable.Of(ex.Message).TrimEnd('.'));
            }
        }

        private ToolException Damaged(string member, string problem) =>
            new($"{file}: {member}: {problem}. The saved plan is damaged: make the plan again.");
    }
}
