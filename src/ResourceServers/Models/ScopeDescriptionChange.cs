namespace ResourceServers;

/// <summary>A scope that exists before and after, with a different description.</summary>
/// <param name="ScopeName">The scope's name.</param>
/// <param name="From">The description before.</param>
/// <param name="To">The description after.</param>
public sealed record ScopeDescriptionChange(string ScopeName, string From, string To)
{
    /// <inheritdoc />
    public override string ToString() => $"change description of scope '{ScopeName}': \"{From}\" -> \"{To}\"";
}
