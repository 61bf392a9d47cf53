using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// An app client of an <see cref="InMemoryCognito"/> user pool, as <see cref="InMemoryCognito.CreateUserPoolClientAsync"/>
/// made it: what the service's CreateUserPoolClient answers, secret included. <see cref="ToString"/> leaves the secret out.
/// </summary>
/// <param name="UserPoolId">The user pool.</param>
/// <param name="ClientId">The app client id: 26 lowercase letters and digits, as the service makes them.</param>
/// <param name="ClientName">The app client name.</param>
/// <param name="AllowedOAuthScopes">The scopes it grants: <c>identifier/scope</c> or a standard scope such as <c>openid</c>.</param>
/// <param name="ClientSecret">Its secret, when it was created with one; the emulator sends it in DescribeUserPoolClient, as the service does.</param>
/// <param name="CreationDate">When it was created, by the instance's clock.</param>
public sealed record InMemoryAppClient(string UserPoolId, string ClientId, string ClientName, IReadOnlyList<string> AllowedOAuthScopes, string? ClientSecret, DateTimeOffset CreationDate)
{
    /// <summary>The describe answer's shape: without the secret, which the wire shape has no member for.</summary>
    internal UserPoolClientType ToWire() => new()
    {
        UserPoolId = UserPoolId,
        ClientId = ClientId,
        ClientName = ClientName,
        AllowedOAuthScopes = AllowedOAuthScopes.Count == 0 ? null : [.. AllowedOAuthScopes],
    };

    /// <inheritdoc />
    public override string ToString() => $"app client '{ClientName}' ({ClientId}) in pool {UserPoolId}, allowing {string.Join(" ", AllowedOAuthScopes)}";
}
