using System.Collections.Immutable;

namespace ResourceServers;

/// <summary>
/// An app client of the pool and the scopes it grants that a change removes: after the change it can no longer get
/// tokens with them, and Cognito refuses updates of it that still list them (<c>ScopeDoesNotExistException</c>).
/// </summary>
/// <remarks>Value equality compares <see cref="ScopeIdentifiers"/> item by item.</remarks>
public sealed record AppClientGrant
{
    private readonly ImmutableArray<string> _scopeIdentifiers;

    /// <summary>Creates a grant; for tests and model factories (the client reads them from the pool).</summary>
    /// <param name="clientId">The app client id.</param>
    /// <param name="clientName">The app client name.</param>
    /// <param name="scopeIdentifiers">The scopes it grants that the change removes, as <c>identifier/scope</c>.</param>
    public AppClientGrant(string clientId, string clientName, IEnumerable<string> scopeIdentifiers)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(clientName);
        ArgumentNullException.ThrowIfNull(scopeIdentifiers);
        ClientId = clientId;
        ClientName = clientName;
        _scopeIdentifiers = [.. scopeIdentifiers];
    }

    /// <summary>The app client id.</summary>
    public string ClientId { get; }

    /// <summary>The app client name.</summary>
    public string ClientName { get; }

    /// <summary>The scopes the app client grants that the change removes, as its <c>AllowedOAuthScopes</c> names them (<c>identifier/scope</c>).</summary>
    public IReadOnlyList<string> ScopeIdentifiers => _scopeIdentifiers;

    /// <inheritdoc />
    public override string ToString() => $"app client '{ClientName}' ({ClientId}) grants {string.Join(", ", _scopeIdentifiers)}";

    /// <inheritdoc />
    public bool Equals(AppClientGrant? other) =>
        other is not null
        && string.Equals(ClientId, other.ClientId, StringComparison.Ordinal)
        && string.Equals(ClientName, other.ClientName, StringComparison.Ordinal)
        && _scopeIdentifiers.AsSpan().SequenceEqual(other._scopeIdentifiers.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ClientId, StringComparer.Ordinal);
        hash.Add(ClientName, StringComparer.Ordinal);
        foreach (var scope in _scopeIdentifiers)
        {
            hash.Add(scope, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
