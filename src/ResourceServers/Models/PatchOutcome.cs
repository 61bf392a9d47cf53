namespace ResourceServers.Models;

/// <summary>What a patch did.</summary>
public enum PatchOutcome
{
    /// <summary>The patch left the resource server as it was, so nothing was written.</summary>
    Unchanged,

    /// <summary>The resource server was changed with one replace of its complete resulting state.</summary>
    Updated,
}
