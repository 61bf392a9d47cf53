namespace ResourceServers.Testing;

// The app-client operations the emulator serves, so that tools (the AWS CLI, an SDK) can make app clients that grant
// scopes. Members and casing are the service model's; timestamps are epoch seconds, as awsJson1_1 sends them. The
// secret is sent as the service sends it, so that clients can be tested for dropping it.

internal sealed record CreateUserPoolClientInput
{
    public required string UserPoolId { get; init; }

    public required string ClientName { get; init; }

    public bool? GenerateSecret { get; init; }

    public IReadOnlyList<string>? AllowedOAuthScopes { get; init; }
}

internal sealed record UserPoolClientIdInput
{
    public required string UserPoolId { get; init; }

    public required string ClientId { get; init; }
}

internal sealed record UserPoolClientOutput(UserPoolClientShape UserPoolClient);

internal sealed record UserPoolClientShape(
    string UserPoolId,
    string ClientName,
    string ClientId,
    string? ClientSecret,
    decimal LastModifiedDate,
    decimal CreationDate,
    IReadOnlyList<string>? AllowedOAuthScopes)
{
    public static UserPoolClientShape Of(InMemoryAppClient client)
    {
        var created = client.CreationDate.ToUnixTimeMilliseconds() / 1000m;
        return new(client.UserPoolId, client.ClientName, client.ClientId, client.ClientSecret, created, created, client.AllowedOAuthScopes.Count == 0 ? null : client.AllowedOAuthScopes);
    }
}
