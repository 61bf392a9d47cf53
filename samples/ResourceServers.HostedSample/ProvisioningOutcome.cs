namespace ResourceServers.HostedSample;

/// <summary>What <see cref="ScopeProvisioner.EnsureScopeAsync"/> did.</summary>
public enum ProvisioningOutcome
{
    /// <summary>The resource server did not exist; it was created holding the scope.</summary>
    CreatedResourceServer,

    /// <summary>The scope was added (or its description changed); every other scope was kept.</summary>
    UpdatedScope,

    /// <summary>The scope was already there as asked; nothing was written.</summary>
    AlreadyPresent,

    /// <summary>Cognito kept throttling after the client's retries; nothing was changed, try again later.</summary>
    Deferred,
}
