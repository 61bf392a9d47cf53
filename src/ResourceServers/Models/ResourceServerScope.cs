namespace ResourceServers;

/// <summary>An OAuth 2.0 scope a resource server offers, e.g. <c>read</c> ("Read access").</summary>
/// <param name="Name">The scope name: 1..256 printable ASCII characters without space, <c>"</c>, <c>\</c> or <c>/</c>. Tokens carry it as <c>{identifier}/{name}</c>.</param>
/// <param name="Description">The scope description: 1..256 characters.</param>
public sealed record ResourceServerScope(string Name, string Description)
{
    /// <summary>The scope as a resource server prints it: <c>read ("Read access")</c>.</summary>
    /// <returns>The name, then the description in quotes.</returns>
    public override string ToString() => $"{Name} (\"{Description}\")";
}
