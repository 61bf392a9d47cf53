namespace ResourceServers.Wire;

/// <content>The CreateResourceServer operation: its descriptor and wire shapes.</content>
public abstract partial class CognitoOperation
{
    /// <summary>CreateResourceServer.</summary>
    public static CognitoOperation<CreateResourceServerRequest, CreateResourceServerResponse> CreateResourceServer { get; } = new CognitoOperation<CreateResourceServerRequest, CreateResourceServerResponse>(
        nameof(CreateResourceServer), CognitoQuotaCategory.UserPoolResourceUpdate, RetriedWrite.AlreadyExistsMayBeOwn,
        CognitoJsonContext.Default.CreateResourceServerRequest, CognitoJsonContext.Default.CreateResourceServerResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ServerProblem(a.ResourceServer, r.UserPoolId, r.Identifier) ?? CognitoResponseChecks.EchoProblem(a.ResourceServer, r.Name, r.Scopes));
}

/// <summary><c>CreateResourceServerRequest</c>.</summary>
public sealed record CreateResourceServerRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The resource server identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>Required. The resource server name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional. Absent from the body when null.</summary>
    public IReadOnlyList<ResourceServerScopeType>? Scopes { get; init; }
}

/// <summary><c>CreateResourceServerResponse</c>.</summary>
public sealed record CreateResourceServerResponse : CognitoResponse
{
    /// <summary>The resource server.</summary>
    public required ResourceServerType ResourceServer { get; init; }
}
