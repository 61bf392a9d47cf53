namespace ResourceServers;

/// <summary>A change of a resource server's friendly name.</summary>
/// <param name="From">The name before.</param>
/// <param name="To">The name after.</param>
public sealed record NameChange(string From, string To)
{
    /// <inheritdoc />
    public override string ToString() => $"rename '{From}' -> '{To}'";
}
