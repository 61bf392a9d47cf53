namespace ResourceServers.Wire;

/// <summary><c>ListResourceServersRequest</c>.</summary>
public sealed record ListResourceServersRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Optional page size, 1..50. Absent from the body when null.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Optional token of the page to read. Absent from the body when null.</summary>
    public string? NextToken { get; init; }
}
