namespace ResourceServers.IntegrationTests.Fleet;

/// <summary>
/// The multi-process tests run one at a time: each starts several processes on a machine with two cores, and the
/// timing they depend on (a lease outliving a stalled holder) should not compete with another fleet.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetCollection
{
    public const string Name = "Fleet processes";
}
