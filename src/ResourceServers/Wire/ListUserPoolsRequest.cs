namespace ResourceServers.Wire;

/// <summary><c>ListUserPoolsRequest</c>: one page of the account's user pools in the Region.</summary>
public sealed record ListUserPoolsRequest
{
    /// <summary>Required. The page size, 1..60.</summary>
    public required int MaxResults { get; init; }

    /// <summary>Optional token of the page to read. Absent from the body when null.</summary>
    public string? NextToken { get; init; }
}
