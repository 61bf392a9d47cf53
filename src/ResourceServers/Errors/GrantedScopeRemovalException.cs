using System.Collections.Immutable;

namespace ResourceServers;

/// <summary>
/// A write would remove scopes (or delete resource servers) that app clients of the pool grant, and
/// <see cref="ResourceServerClientOptions.GrantRevocation"/> is <see cref="GrantRevocation.Refuse"/> (the default), so
/// nothing was written. Raised by this library, not answered by the service. Remove the scopes from those app clients
/// first, or allow the write on purpose with <see cref="GrantRevocation.Allow"/> or <see cref="GrantRevocation.Warn"/>.
/// </summary>
public sealed class GrantedScopeRemovalException : Exception
{
    private readonly ImmutableArray<ResourceServerChange> _refused;

    /// <summary>Creates the error.</summary>
    /// <param name="refused">The changes refused, each with the <see cref="ResourceServerChange.RevokedGrants"/> it would revoke.</param>
    public GrantedScopeRemovalException(IEnumerable<ResourceServerChange> refused)
        : this([.. refused ?? throw new ArgumentNullException(nameof(refused))])
    {
    }

    private GrantedScopeRemovalException(ImmutableArray<ResourceServerChange> refused)
        : base(Describe(refused))
    {
        _refused = refused;
    }

    /// <summary>The changes refused, as plans: each names its resource server, what it would remove, and the app clients that grant it.</summary>
    public IReadOnlyList<ResourceServerChange> RefusedChanges => _refused;

    private static string Describe(ImmutableArray<ResourceServerChange> refused)
    {
        var parts = refused.Select(c =>
            $"{(c.Kind == ResourceServerChangeKind.Deleted ? "deleting" : "updating")} resource server '{c.Identifier}' in pool '{c.UserPoolId}' would revoke: {string.Join("; ", c.RevokedGrants)}");
        return $"Refused to remove scopes that app clients grant, so nothing was written: {string.Join(". ", parts)}. "
            + "Remove the scopes from those app clients first, or set ResourceServerClientOptions.GrantRevocation to Allow or Warn to write anyway.";
    }
}
