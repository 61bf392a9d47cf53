namespace ResourceServers.Models;

/// <summary>
/// What <see cref="IResourceServerClient.EnsureAsync"/> would do for a desired state, computed without writing.
/// <see cref="ToString"/> reads as a sentence; the members are there for programs.
/// </summary>
/// <param name="Action">Create, update or nothing.</param>
/// <param name="Current">The state the service holds now, or null when it does not exist.</param>
/// <param name="Desired">The desired state the plan was made for.</param>
/// <param name="Diff">For <see cref="PlanAction.Update"/>, what would change; otherwise empty.</param>
public sealed record ResourceServerPlan(PlanAction Action, ResourceServer? Current, ResourceServer Desired, ResourceServerDiff Diff)
{
    /// <summary>True when an ensure would write something.</summary>
    public bool HasChanges => Action != PlanAction.NoChange;

    /// <inheritdoc />
    public override string ToString()
    {
        var subject = $"resource server '{Desired.Identifier}' in pool '{Desired.UserPoolId}'";
        return Action switch
        {
            PlanAction.Create => Desired.Scopes.Count == 0
                ? $"Create {subject} named '{Desired.Name}' with no scopes"
                : $"Create {subject} named '{Desired.Name}' with scopes {string.Join(", ", Desired.Scopes.Select(s => $"'{s.Name}'"))}",
            PlanAction.Update => $"Update {subject}: {Diff}",
            _ => $"No change to {subject}",
        };
    }
}
