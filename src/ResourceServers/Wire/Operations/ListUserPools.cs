namespace ResourceServers.Wire;

/// <content>The ListUserPools operation: its descriptor and wire shapes.</content>
public abstract partial class CognitoOperation
{
    /// <summary>ListUserPools: one page of the account's user pools in the Region (an operation of the account, no pool).</summary>
    public static CognitoOperation<ListUserPoolsRequest, ListUserPoolsResponse> ListUserPools { get; } = new CognitoOperation<ListUserPoolsRequest, ListUserPoolsResponse>(
        nameof(ListUserPools), CognitoQuotaCategory.UserPoolRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.ListUserPoolsRequest, CognitoJsonContext.Default.ListUserPoolsResponse,
        static _ => null,
        static (a, r) => CognitoResponseChecks.UserPoolPageProblem(a, r));
}

/// <summary><c>ListUserPoolsRequest</c>: one page of the account's user pools in the Region.</summary>
public sealed record ListUserPoolsRequest
{
    /// <summary>Required. The page size, 1..60.</summary>
    public required int MaxResults { get; init; }

    /// <summary>Optional token of the page to read. Absent from the body when null.</summary>
    public string? NextToken { get; init; }
}

/// <summary><c>ListUserPoolsResponse</c>.</summary>
public sealed record ListUserPoolsResponse : CognitoResponse
{
    /// <summary>The user pools of this page.</summary>
    public required IReadOnlyList<UserPoolDescriptionType> UserPools { get; init; }

    /// <summary>The token of the next page; null on the last page.</summary>
    public string? NextToken { get; init; }
}

/// <summary><c>UserPoolDescriptionType</c>: what ListUserPools says of a pool (the members the library reads).</summary>
public sealed record UserPoolDescriptionType
{
    /// <summary>The user pool id.</summary>
    public string? Id { get; init; }

    /// <summary>The user pool's name.</summary>
    public string? Name { get; init; }

    /// <summary>When the pool was created, in seconds since the Unix epoch, as the wire carries it.</summary>
    public decimal? CreationDate { get; init; }

    /// <summary>When the pool was last changed, in seconds since the Unix epoch, as the wire carries it.</summary>
    public decimal? LastModifiedDate { get; init; }
}
