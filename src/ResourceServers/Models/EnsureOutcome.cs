namespace ResourceServers.Models;

/// <summary>What an ensure did to one resource server.</summary>
public enum EnsureOutcome
{
    /// <summary>It did not exist and was created.</summary>
    Created,

    /// <summary>It existed with a different name or scopes and was replaced with the desired state.</summary>
    Updated,

    /// <summary>It already held the desired state; nothing was written.</summary>
    Unchanged,

    /// <summary>It was not among the desired resource servers and deleting unlisted ones was asked for, so it was deleted.</summary>
    Deleted,
}
