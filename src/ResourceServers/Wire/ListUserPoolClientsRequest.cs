namespace ResourceServers.Wire;

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
