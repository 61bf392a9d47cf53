namespace ResourceServers.Wire;

/// <content>The ListUserPoolClients operation: its descriptor and wire shapes.</content>
public abstract partial class CognitoOperation
{
    /// <summary>ListUserPoolClients: one page of a pool's app clients, ids and names (up to 60).</summary>
    public static CognitoOperation<ListUserPoolClientsRequest, ListUserPoolClientsResponse> ListUserPoolClients { get; } = new CognitoOperation<ListUserPoolClientsRequest, ListUserPoolClientsResponse>(
        nameof(ListUserPoolClients), CognitoQuotaCategory.UserPoolClientRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.ListUserPoolClientsRequest, CognitoJsonContext.Default.ListUserPoolClientsResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ClientPageProblem(a, r));
}

/// <summary><c>ListUserPoolClientsRequest</c>: one page of a pool's app clients (ids and names only).</summary>
public sealed record ListUserPoolClientsRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Optional page size, 1..60. Absent from the body when null.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Optional token of the page to read. Absent from the body when null.</summary>
    public string? NextToken { get; init; }
}

/// <summary><c>ListUserPoolClientsResponse</c>.</summary>
public sealed record ListUserPoolClientsResponse : CognitoResponse
{
    /// <summary>The app clients of this page: ids and names, not their settings.</summary>
    public required IReadOnlyList<UserPoolClientDescription> UserPoolClients { get; init; }

    /// <summary>The token of the next page; null on the last page.</summary>
    public string? NextToken { get; init; }
}

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
