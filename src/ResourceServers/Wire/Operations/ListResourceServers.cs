namespace ResourceServers.Wire;

/// <content>The ListResourceServers operation: its descriptor and wire shapes.</content>
public abstract partial class CognitoOperation
{
    /// <summary>ListResourceServers: one page.</summary>
    public static CognitoOperation<ListResourceServersRequest, ListResourceServersResponse> ListResourceServers { get; } = new CognitoOperation<ListResourceServersRequest, ListResourceServersResponse>(
        nameof(ListResourceServers), CognitoQuotaCategory.UserPoolResourceRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.ListResourceServersRequest, CognitoJsonContext.Default.ListResourceServersResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.PageProblem(a, r));
}

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

/// <summary><c>ListResourceServersResponse</c>.</summary>
public sealed record ListResourceServersResponse : CognitoResponse
{
    /// <summary>The resource servers of this page.</summary>
    public required IReadOnlyList<ResourceServerType> ResourceServers { get; init; }

    /// <summary>The token of the next page; null on the last page.</summary>
    public string? NextToken { get; init; }
}
