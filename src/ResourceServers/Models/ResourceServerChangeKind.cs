namespace ResourceServers;

/// <summary>What a write did, or what a plan says it would do, to one resource server.</summary>
public enum ResourceServerChangeKind
{
    /// <summary>It already held the desired state; nothing was (or would be) written.</summary>
    Unchanged,

    /// <summary>It did not exist and was (or would be) created.</summary>
    Created,

    /// <summary>It existed with another name or other scopes and was (or would be) written with one replace of its complete state.</summary>
    Updated,

    /// <summary>It was (or would be) deleted: only by <see cref="IResourceServerClient.EnsureAllAsync"/> when asked to delete unlisted ones.</summary>
    Deleted,
}
