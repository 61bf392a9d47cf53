using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>Converts between the facade's models and the wire shapes.</summary>
internal static class WireMapping
{
    /// <summary>
    /// The model of an answer about (<paramref name="userPoolId"/>, <paramref name="identifier"/>), keyed on those, the
    /// caller's own values, whatever the answer names: a later write built from it goes where the caller asked. (The
    /// HTTP transport has already refused an answer naming another pool or identifier; this holds for every port.)
    /// </summary>
    public static ResourceServer ToModel(ResourceServerType wire, string userPoolId, string identifier) =>
        new(
            userPoolId,
            identifier,
            wire.Name ?? string.Empty,
            wire.Scopes is null ? null : ToModel(wire.Scopes));

    /// <summary>A list item of <paramref name="userPoolId"/>'s list: keyed on the caller's pool; its identifier is the answer's.</summary>
    public static ResourceServer ToModel(ResourceServerType wire, string userPoolId) =>
        ToModel(wire, userPoolId, wire.Identifier ?? string.Empty);

    public static ResourceServerScopeType[] ToWire(IReadOnlyList<ResourceServerScope> scopes)
    {
        var result = new ResourceServerScopeType[scopes.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new ResourceServerScopeType { ScopeName = scopes[i].Name, ScopeDescription = scopes[i].Description };
        }

        return result;
    }

    public static CreateResourceServerRequest ToCreateRequest(ResourceServer resourceServer) => new()
    {
        UserPoolId = resourceServer.UserPoolId,
        Identifier = resourceServer.Identifier,
        Name = resourceServer.Name,
        // An empty list is left out, as the AWS CLI does without --scopes; the result is the same.
        Scopes = resourceServer.Scopes.Count == 0 ? null : ToWire(resourceServer.Scopes),
    };

    public static UpdateResourceServerRequest ToUpdateRequest(ResourceServer resourceServer) => new()
    {
        UserPoolId = resourceServer.UserPoolId,
        Identifier = resourceServer.Identifier,
        Name = resourceServer.Name,
        // Always sent, even when empty: the replace is explicit about leaving no scopes.
        Scopes = ToWire(resourceServer.Scopes),
    };

    private static ResourceServerScope[] ToModel(IReadOnlyList<ResourceServerScopeType> scopes)
    {
        var result = new ResourceServerScope[scopes.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new ResourceServerScope(scopes[i].ScopeName, scopes[i].ScopeDescription);
        }

        return result;
    }
}
