using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// How a registration gets its wire port and coordination, per options name: the HTTP transport unless <c>UseApi</c>
/// replaced it; in-process coordination unless <c>UseCoordination</c> gave one.
/// </summary>
internal sealed class ResourceServerClientWiring
{
    public Func<IServiceProvider, ICognitoResourceServerApi>? ApiFactory { get; set; }

    public Func<IServiceProvider, ResourceServerCoordination>? CoordinationFactory { get; set; }
}
