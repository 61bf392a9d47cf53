namespace ResourceServers.Wire;

/// <summary>An app client as ListUserPoolClients lists it (<c>UserPoolClientDescription</c>); every member is optional in the model.</summary>
public sealed record UserPoolClientDescription
{
    /// <summary>The app client id.</summary>
    public string? ClientId { get; init; }

    /// <summary>The user pool of the app client.</summary>
    public string? UserPoolId { get; init; }

    /// <summary>The app client name.</summary>
    public string? ClientName { get; init; }
}
