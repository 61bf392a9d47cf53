namespace ResourceServers.Models;

/// <summary>The result of <see cref="IResourceServerClient.PatchAsync"/>: what happened, the states before and after, and what changed.</summary>
/// <param name="Outcome">Whether anything was written.</param>
/// <param name="Before">The state read before the patch was applied (on the attempt that succeeded, when retried).</param>
/// <param name="After">The state after: as the service stored it when updated, otherwise equal to <paramref name="Before"/>.</param>
/// <param name="Diff">What changed from <paramref name="Before"/> to <paramref name="After"/>; empty when unchanged.</param>
public sealed record PatchResult(PatchOutcome Outcome, ResourceServer Before, ResourceServer After, ResourceServerDiff Diff)
{
    /// <summary>True when the patch wrote a change.</summary>
    public bool Changed => Outcome == PatchOutcome.Updated;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Outcome} resource server '{After.Identifier}' in pool '{After.UserPoolId}': {Diff}";
}
