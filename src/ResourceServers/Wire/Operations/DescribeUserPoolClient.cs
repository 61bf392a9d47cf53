namespace ResourceServers.Wire;

/// <content>The DescribeUserPoolClient operation: its descriptor and wire shapes.</content>
public abstract partial class CognitoOperation
{
    /// <summary>DescribeUserPoolClient: an app client's allowed scopes; its secret is dropped while the answer is read.</summary>
    public static CognitoOperation<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse> DescribeUserPoolClient { get; } = new CognitoOperation<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse>(
        nameof(DescribeUserPoolClient), CognitoQuotaCategory.UserPoolClientRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.DescribeUserPoolClientRequest, CognitoJsonContext.Default.DescribeUserPoolClientResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ClientProblem(a.UserPoolClient, r.UserPoolId, r.ClientId));
}

/// <summary><c>DescribeUserPoolClientRequest</c>.</summary>
public sealed record DescribeUserPoolClientRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The app client id.</summary>
    public required string ClientId { get; init; }
}

/// <summary><c>DescribeUserPoolClientResponse</c>.</summary>
public sealed record DescribeUserPoolClientResponse : CognitoResponse
{
    /// <summary>The app client, without its secret.</summary>
    public required UserPoolClientType UserPoolClient { get; init; }
}

/// <summary>
/// The members of an app client (<c>UserPoolClientType</c>) that say which scopes it grants; every member is
/// optional in the model, and the rest of its settings are not read.
/// </summary>
/// <remarks>
/// The service sends the app client's <c>ClientSecret</c> in this shape. It has no member here on purpose: the
/// transport drops it with every other member not declared, so it never reaches a model, a log, a span, an
/// exception or a <c>ToString()</c>.
/// </remarks>
public sealed record UserPoolClientType
{
    /// <summary>The user pool of the app client.</summary>
    public string? UserPoolId { get; init; }

    /// <summary>The app client id.</summary>
    public string? ClientId { get; init; }

    /// <summary>The app client name.</summary>
    public string? ClientName { get; init; }

    /// <summary>The OAuth scopes the app client may request: <c>identifier/scope</c> for a resource server's scopes, or a standard scope such as <c>openid</c>; null when it has none.</summary>
    public IReadOnlyList<string>? AllowedOAuthScopes { get; init; }
}
