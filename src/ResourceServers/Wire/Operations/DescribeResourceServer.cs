namespace ResourceServers.Wire;

/// <content>The DescribeResourceServer operation: its descriptor and wire shapes.</content>
public abstract partial class CognitoOperation
{
    /// <summary>DescribeResourceServer.</summary>
    public static CognitoOperation<DescribeResourceServerRequest, DescribeResourceServerResponse> DescribeResourceServer { get; } = new CognitoOperation<DescribeResourceServerRequest, DescribeResourceServerResponse>(
        nameof(DescribeResourceServer), CognitoQuotaCategory.UserPoolResourceRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.DescribeResourceServerRequest, CognitoJsonContext.Default.DescribeResourceServerResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ServerProblem(a.ResourceServer, r.UserPoolId, r.Identifier));
}

/// <summary><c>DescribeResourceServerRequest</c>.</summary>
public sealed record DescribeResourceServerRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The resource server identifier.</summary>
    public required string Identifier { get; init; }
}

/// <summary><c>DescribeResourceServerResponse</c>.</summary>
public sealed record DescribeResourceServerResponse : CognitoResponse
{
    /// <summary>The resource server.</summary>
    public required ResourceServerType ResourceServer { get; init; }
}
