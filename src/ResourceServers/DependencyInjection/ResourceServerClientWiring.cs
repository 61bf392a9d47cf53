using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>How a registration gets its wire port, per options name: the HTTP transport unless <c>UseApi</c> replaced it.</summary>
internal sealed class ResourceServerClientWiring
{
    public Func<IServiceProvider, ICognitoResourceServerApi>? ApiFactory { get; set; }
}
