using System.Collections.Immutable;

namespace ResourceServers;

/// <summary>
/// A Cognito resource server: the complete state the service stores for it. Also the desired state given to
/// create, replace and ensure, since the service's requests carry exactly these members.
/// </summary>
/// <remarks>
/// Value equality compares the scope list item by item, in order; <see cref="HasSameContentAs"/> compares scopes
/// as a set keyed by name, which is how the service treats them.
/// </remarks>
public sealed record ResourceServer
{
    private readonly ImmutableArray<ResourceServerScope> _scopes = [];

    /// <summary>Creates a resource server description.</summary>
    /// <param name="userPoolId">The user pool that hosts it, e.g. <c>us-east-1_abc123</c>.</param>
    /// <param name="identifier">The unique identifier, often the API's URL, e.g. <c>https://api.example.com</c>.</param>
    /// <param name="name">A friendly name.</param>
    /// <param name="scopes">The scopes; none when null.</param>
    public ResourceServer(string userPoolId, string identifier, string name, IEnumerable<ResourceServerScope>? scopes = null)
    {
        UserPoolId = userPoolId;
        Identifier = identifier;
        Name = name;
        Scopes = scopes is null ? [] : [.. scopes];
    }

    /// <summary>The user pool that hosts the resource server.</summary>
    public string UserPoolId { get; init; }

    /// <summary>The unique identifier of the resource server within its pool.</summary>
    public string Identifier { get; init; }

    /// <summary>The friendly name.</summary>
    public string Name { get; init; }

    /// <summary>The scopes, in the order the service keeps them. Never null; a copy of what was given.</summary>
    public IReadOnlyList<ResourceServerScope> Scopes
    {
        get => _scopes;
        init => _scopes = value is null ? [] : [.. value];
    }

    /// <summary>
    /// The scopes as access tokens carry them and as an app client's <c>AllowedOAuthScopes</c> takes them:
    /// <c>{Identifier}/{ScopeName}</c>, e.g. <c>https://api.example.com/orders.read</c>, in scope order.
    /// </summary>
    public IReadOnlyList<string> ScopeIdentifiers
    {
        get
        {
            var result = new string[_scopes.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Identifier + "/" + _scopes[i].Name;
            }

            return result;
        }
    }

    /// <summary>Returns a copy with the scope list replaced.</summary>
    /// <param name="scopes">The new scopes.</param>
    /// <returns>The copy.</returns>
    public ResourceServer WithScopes(params IEnumerable<ResourceServerScope> scopes) => this with { Scopes = [.. scopes] };

    /// <summary>
    /// Whether <paramref name="other"/> has the same pool, identifier, name and the same scopes regardless of order
    /// (scopes matched by name, descriptions compared exactly).
    /// </summary>
    /// <param name="other">The resource server to compare with.</param>
    /// <returns>True when a replace with one would leave the service holding the other.</returns>
    public bool HasSameContentAs(ResourceServer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(UserPoolId, other.UserPoolId, StringComparison.Ordinal)
            || !string.Equals(Identifier, other.Identifier, StringComparison.Ordinal)
            || !string.Equals(Name, other.Name, StringComparison.Ordinal)
            || _scopes.Length != other._scopes.Length)
        {
            return false;
        }

        var byName = new Dictionary<string, string>(_scopes.Length, StringComparer.Ordinal);
        foreach (var scope in _scopes)
        {
            byName[scope.Name] = scope.Description;
        }

        foreach (var scope in other._scopes)
        {
            if (!byName.Remove(scope.Name, out var description) || !string.Equals(description, scope.Description, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return byName.Count == 0;
    }

    /// <inheritdoc />
    public bool Equals(ResourceServer? other) =>
        other is not null
        && string.Equals(UserPoolId, other.UserPoolId, StringComparison.Ordinal)
        && string.Equals(Identifier, other.Identifier, StringComparison.Ordinal)
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && _scopes.AsSpan().SequenceEqual(other._scopes.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(UserPoolId, StringComparer.Ordinal);
        hash.Add(Identifier, StringComparer.Ordinal);
        hash.Add(Name, StringComparer.Ordinal);
        foreach (var scope in _scopes)
        {
            hash.Add(scope);
        }

        return hash.ToHashCode();
    }

    // The compiler's version would print the list's type name; logs and test failures want the scopes themselves.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("UserPoolId = ").Append(UserPoolId)
            .Append(", Identifier = ").Append(Identifier)
            .Append(", Name = ").Append(Name)
            .Append(", Scopes = [");
        for (var i = 0; i < _scopes.Length; i++)
        {
            builder.Append(i == 0 ? " " : ", ").Append(_scopes[i]);
        }

        builder.Append(_scopes.IsEmpty ? "]" : " ]");
        return true;
    }
}
