namespace ResourceServers.Models;

/// <summary>What an ensure would do to a resource server.</summary>
public enum PlanAction
{
    /// <summary>It does not exist and would be created.</summary>
    Create,

    /// <summary>It exists with a different name or scopes and would be replaced; see <see cref="ResourceServerPlan.Diff"/>.</summary>
    Update,

    /// <summary>It already holds the desired state.</summary>
    NoChange,
}
