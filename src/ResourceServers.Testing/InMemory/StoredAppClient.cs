using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>An app client as the in-memory Cognito stores it; its secret, when it has one, is for the emulator to send back as the service does.</summary>
internal sealed record StoredAppClient(string UserPoolId, string ClientId, string ClientName, IReadOnlyList<string> AllowedOAuthScopes, string? ClientSecret, DateTimeOffset CreationDate)
{
    /// <summary>The describe answer's shape, without the secret.</summary>
    public UserPoolClientType ToWire() => new()
    {
        UserPoolId = UserPoolId,
        ClientId = ClientId,
        ClientName = ClientName,
        AllowedOAuthScopes = AllowedOAuthScopes.Count == 0 ? null : [.. AllowedOAuthScopes],
    };

    // The secret never shows in a test's failure output.
    public override string ToString() => $"app client '{ClientName}' ({ClientId}) in pool {UserPoolId}";
}
