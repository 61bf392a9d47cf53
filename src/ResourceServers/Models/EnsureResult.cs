namespace ResourceServers.Models;

/// <summary>The result of ensuring one resource server's state.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Before">The state found before, or null when it did not exist (<see cref="EnsureOutcome.Created"/>).</param>
/// <param name="After">The state after, or null when it was deleted (<see cref="EnsureOutcome.Deleted"/>).</param>
/// <param name="Diff">For <see cref="EnsureOutcome.Updated"/>, what changed; otherwise empty.</param>
public sealed record EnsureResult(EnsureOutcome Outcome, ResourceServer? Before, ResourceServer? After, ResourceServerDiff Diff)
{
    /// <summary>The identifier of the resource server this result is about.</summary>
    public string Identifier => (After ?? Before)?.Identifier ?? string.Empty;

    /// <summary>True when anything was written (created, updated or deleted).</summary>
    public bool Changed => Outcome != EnsureOutcome.Unchanged;

    /// <inheritdoc />
    public override string ToString() => Outcome == EnsureOutcome.Updated
        ? $"Updated resource server '{Identifier}': {Diff}"
        : $"{Outcome} resource server '{Identifier}'";
}
