namespace ResourceServers;

/// <summary>Marks a registration as made, so registering the same name again adds configuration but no second set of services.</summary>
internal sealed class ResourceServerClientRegistration(string name)
{
    public string Name { get; } = name;
}
