namespace ResourceServers;

/// <summary>What a write does when it would remove scopes that app clients of the pool grant (<see cref="ResourceServerClientOptions.GrantRevocation"/>).</summary>
public enum GrantRevocation
{
    /// <summary>Refuse the write with <see cref="GrantedScopeRemovalException"/>, naming the clients and scopes; nothing is written. The default.</summary>
    Refuse = 0,

    /// <summary>Write, and log a warning naming the clients and scopes; the result carries them in <see cref="ResourceServerChange.RevokedGrants"/>.</summary>
    Warn,

    /// <summary>Write; the result carries the clients and scopes in <see cref="ResourceServerChange.RevokedGrants"/>.</summary>
    Allow,
}
