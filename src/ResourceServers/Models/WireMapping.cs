using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>Converts between the facade's models and the wire shapes.</summary>
internal static class WireMapping
{
    public static ResourceServer ToModel(ResourceServerType wire, string fallbackUserPoolId, string fallbackIdentifier) =>
        new(
            wire.UserPoolId ?? fallbackUserPoolId,
            wire.Identifier ?? fallbackIdentifier,
            wire.Name ?? string.Empty,
            wire.Scopes is null ? null : ToModel(wire.Scopes));

    public static ResourceServer ToModel(ResourceServerType wire, string fallbackUserPoolId) =>
        ToModel(wire, fallbackUserPoolId, string.Empty);

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
