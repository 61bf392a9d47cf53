using System.Text.Json;
using ResourceServers.Tool.Commands;
using ResourceServers.Tool.Manifests;

namespace ResourceServers.Tool.Output;

/// <summary>
/// The plan for programs (<c>plan --output json</c>): every resource server of every pool with its action
/// (create, update, delete, none), the difference of an update, the desired state of a create, errors per pool,
/// the app clients that grant what an update or a delete removes (<c>revokedGrants</c>), and the counts. <c>complete</c> is false when a pool could not be read; <c>changesPending</c> is then true, as a
/// pool that was not read may need changes: a bot that reads only that field must not conclude "nothing to do".
/// Strings are JSON-escaped (every non-ASCII character, so bidirectional controls and separators too) and redacted
/// of the secrets the tool sent, so nothing a service returns can break the document or leak through it.
/// </summary>
internal static class PlanJson
{
    public static void Write(Stream output, IReadOnlyList<PoolPlan> plans, ResourceServerConnection? connection = null)
    {
        var summary = PlanSummary.Of(plans);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteBoolean("changesPending", summary.HasChanges || !summary.IsComplete);
        json.WriteBoolean("complete", summary.IsComplete);
        if (connection is not null)
        {
            WriteConnection(json, connection);
        }

        json.WriteStartObject("summary");
        json.WriteNumber("create", summary.Create);
        json.WriteNumber("update", summary.Update);
        json.WriteNumber("delete", summary.Delete);
        json.WriteNumber("unchanged", summary.Unchanged);
        json.WriteNumber("failedUserPools", summary.FailedPools);
        json.WriteEndObject();
        json.WriteStartArray("userPools");
        foreach (var plan in plans)
        {
            json.WriteStartObject();
            json.WriteString("userPoolId", SentSecrets.Redact(plan.UserPoolId));
            if (plan.Error is not null)
            {
                json.WriteString("error", SentSecrets.Redact(plan.Error));
            }

            json.WriteStartArray("resourceServers");
            foreach (var change in plan.Changes)
            {
                WriteChange(json, change);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    // The identity line's fields, so a bot knows which account and Region the plan is about (never a key).
    private static void WriteConnection(Utf8JsonWriter json, ResourceServerConnection connection)
    {
        json.WriteStartObject("connection");
        json.WriteString("region", connection.Region);
        json.WriteString("endpoint", connection.ServiceUrl.ToString());
        json.WriteString("profile", connection.Profile);
        json.WriteString("credentials", connection.CredentialsKind);
        json.WriteString("regionSource", connection.RegionSource);
        json.WriteString("endpointSource", connection.ServiceUrlSource);
        json.WriteEndObject();
    }

    private static void WriteChange(Utf8JsonWriter json, ResourceServerChange change)
    {
        json.WriteStartObject();
        json.WriteString("identifier", SentSecrets.Redact(change.Identifier));
        json.WriteString("action", PlanTable.Action(change.Kind));
        if (change.Kind == ResourceServerChangeKind.Created && change.After is { } after)
        {
            json.WriteString("name", SentSecrets.Redact(after.Name));
            ManifestWriter.WriteScopes(json, "scopes", after.Scopes);
        }

        if (change.Kind == ResourceServerChangeKind.Updated)
        {
            var diff = change.Diff;
            json.WriteStartObject("changes");
            if (diff.NameChange is { } rename)
            {
                json.WriteStartObject("name");
                json.WriteString("from", SentSecrets.Redact(rename.From));
                json.WriteString("to", SentSecrets.Redact(rename.To));
                json.WriteEndObject();
            }

            ManifestWriter.WriteScopes(json, "scopesAdded", diff.ScopesAdded);
            ManifestWriter.WriteScopes(json, "scopesRemoved", diff.ScopesRemoved);
            json.WriteStartArray("descriptionsChanged");
            foreach (var described in diff.DescriptionsChanged)
            {
                json.WriteStartObject();
                json.WriteString("scope", SentSecrets.Redact(described.ScopeName));
                json.WriteString("from", SentSecrets.Redact(described.From));
                json.WriteString("to", SentSecrets.Redact(described.To));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        if (change.Kind is ResourceServerChangeKind.Updated or ResourceServerChangeKind.Deleted)
        {
            // The app clients that grant what the change removes: apply refuses such a change without --allow-revoking-grants.
            json.WriteStartArray("revokedGrants");
            foreach (var grant in change.RevokedGrants)
            {
                json.WriteStartObject();
                json.WriteString("clientId", SentSecrets.Redact(grant.ClientId));
                json.WriteString("clientName", SentSecrets.Redact(grant.ClientName));
                json.WriteStartArray("scopes");
                foreach (var scope in grant.ScopeIdentifiers)
                {
                    json.WriteStringValue(SentSecrets.Redact(scope));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
