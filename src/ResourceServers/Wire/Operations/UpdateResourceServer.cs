namespace ResourceServers.Wire;

/// <content>The UpdateResourceServer operation: its descriptor and wire shapes.</content>
public abstract partial class CognitoOperation
{
    /// <summary>UpdateResourceServer: replaces the name and the whole scope list.</summary>
    public static CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse> UpdateResourceServer { get; } = new CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse>(
        nameof(UpdateResourceServer), CognitoQuotaCategory.UserPoolResourceUpdate, RetriedWrite.Repeats,
        CognitoJsonContext.Default.UpdateResourceServerRequest, CognitoJsonContext.Default.UpdateResourceServerResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ServerProblem(a.ResourceServer, r.UserPoolId, r.Identifier) ?? CognitoResponseChecks.EchoProblem(a.ResourceServer, r.Name, r.Scopes));
}

/// <summary><c>UpdateResourceServerRequest</c>. The service replaces the name and the whole scope list with what is sent here.</summary>
public sealed record UpdateResourceServerRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The resource server identifier.</summary>
    public required string Identifier { get; init; }

    /// <summary>Required. The new name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional. Absent from the body when null, which the service reads as "no scopes"; an empty list is sent as <c>[]</c>.</summary>
    public IReadOnlyList<ResourceServerScopeType>? Scopes { get; init; }
}

/// <summary><c>UpdateResourceServerResponse</c>.</summary>
public sealed record UpdateResourceServerResponse : CognitoResponse
{
    /// <summary>The resource server.</summary>
    public required ResourceServerType ResourceServer { get; init; }
}
