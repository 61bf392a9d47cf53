using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// Which app clients of one pool grant which scopes, as read from their <c>AllowedOAuthScopes</c>: what a change
/// that removes scopes is checked against. Holds ids, names and scope identifiers only.
/// </summary>
internal sealed class PoolGrants
{
    private readonly List<(string ClientId, string ClientName, HashSet<string> Scopes)> _clients;

    private PoolGrants(List<(string ClientId, string ClientName, HashSet<string> Scopes)> clients) => _clients = clients;

    /// <summary>The grants of the app clients given, in the order given.</summary>
    public static PoolGrants From(IEnumerable<UserPoolClientType> clients)
    {
        var read = new List<(string, string, HashSet<string>)>();
        foreach (var client in clients)
        {
            read.Add((client.ClientId ?? string.Empty, client.ClientName ?? string.Empty, new HashSet<string>(client.AllowedOAuthScopes ?? [], StringComparer.Ordinal)));
        }

        return new PoolGrants(read);
    }

    /// <summary>The app clients that grant any of <paramref name="removed"/>, each with those of them it grants, in the order given.</summary>
    public IReadOnlyList<AppClientGrant> Revoking(IReadOnlyList<string> removed)
    {
        if (removed.Count == 0)
        {
            return [];
        }

        var grants = new List<AppClientGrant>();
        foreach (var (clientId, clientName, scopes) in _clients)
        {
            var revoked = removed.Where(scopes.Contains).ToList();
            if (revoked.Count > 0)
            {
                grants.Add(new AppClientGrant(clientId, clientName, revoked));
            }
        }

        return grants;
    }

    /// <summary><paramref name="change"/> with the app clients that grant what it removes.</summary>
    public ResourceServerChange Annotate(ResourceServerChange change) => change with { RevokedGrants = Revoking(change.RemovedScopeIdentifiers) };
}
