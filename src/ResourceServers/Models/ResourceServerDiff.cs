using System.Collections.Immutable;

namespace ResourceServers;

/// <summary>
/// What differs between two states of one resource server: the name, scopes added, scopes removed, and scopes whose
/// description changed. Scopes are matched by name (ordinal); their order is not compared, since the service treats
/// the scope list as a set keyed by name.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> gives one readable line, e.g.
/// <c>rename 'api' -> 'orders'; add scope 'write' ("Write"); remove scope 'admin' ("Admin")</c>.
/// Value equality compares the lists item by item.
/// </remarks>
public sealed record ResourceServerDiff
{
    private readonly ImmutableArray<ResourceServerScope> _scopesAdded;
    private readonly ImmutableArray<ResourceServerScope> _scopesRemoved;
    private readonly ImmutableArray<ScopeDescriptionChange> _descriptionsChanged;

    /// <summary>Creates a diff; for tests and model factories. <see cref="Between"/> computes one.</summary>
    /// <param name="nameChange">The name change, or null when the name is the same.</param>
    /// <param name="scopesAdded">Scopes present only after; none when null.</param>
    /// <param name="scopesRemoved">Scopes present only before; none when null.</param>
    /// <param name="descriptionsChanged">Scopes present in both with different descriptions; none when null.</param>
    public ResourceServerDiff(
        NameChange? nameChange = null,
        IEnumerable<ResourceServerScope>? scopesAdded = null,
        IEnumerable<ResourceServerScope>? scopesRemoved = null,
        IEnumerable<ScopeDescriptionChange>? descriptionsChanged = null)
    {
        NameChange = nameChange;
        _scopesAdded = scopesAdded is null ? [] : [.. scopesAdded];
        _scopesRemoved = scopesRemoved is null ? [] : [.. scopesRemoved];
        _descriptionsChanged = descriptionsChanged is null ? [] : [.. descriptionsChanged];
    }

    /// <summary>The diff with no changes.</summary>
    public static ResourceServerDiff Empty { get; } = new();

    /// <summary>The name change, or null when the name stays.</summary>
    public NameChange? NameChange { get; }

    /// <summary>Scopes present after but not before, in the order they appear after.</summary>
    public IReadOnlyList<ResourceServerScope> ScopesAdded => _scopesAdded;

    /// <summary>Scopes present before but not after, in the order they appeared before.</summary>
    public IReadOnlyList<ResourceServerScope> ScopesRemoved => _scopesRemoved;

    /// <summary>Scopes present in both whose description differs, in the order they appear after.</summary>
    public IReadOnlyList<ScopeDescriptionChange> DescriptionsChanged => _descriptionsChanged;

    /// <summary>True when nothing differs: a replace with the "after" state would change nothing.</summary>
    public bool IsEmpty => NameChange is null && _scopesAdded.IsEmpty && _scopesRemoved.IsEmpty && _descriptionsChanged.IsEmpty;

    /// <summary>Computes what changes from <paramref name="before"/> to <paramref name="after"/>. The pool and identifier are not compared.</summary>
    /// <param name="before">The state before.</param>
    /// <param name="after">The state after.</param>
    /// <returns>The differences; <see cref="IsEmpty"/> when the two hold the same name and scopes.</returns>
    public static ResourceServerDiff Between(ResourceServer before, ResourceServer after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);

        var beforeByName = new Dictionary<string, string>(before.Scopes.Count, StringComparer.Ordinal);
        foreach (var scope in before.Scopes)
        {
            beforeByName.TryAdd(scope.Name, scope.Description);
        }

        var afterNames = new HashSet<string>(after.Scopes.Count, StringComparer.Ordinal);
        var added = ImmutableArray.CreateBuilder<ResourceServerScope>();
        var changed = ImmutableArray.CreateBuilder<ScopeDescriptionChange>();
        foreach (var scope in after.Scopes)
        {
            if (!afterNames.Add(scope.Name))
            {
                continue;
            }

            if (!beforeByName.TryGetValue(scope.Name, out var oldDescription))
            {
                added.Add(scope);
            }
            else if (!string.Equals(oldDescription, scope.Description, StringComparison.Ordinal))
            {
                changed.Add(new ScopeDescriptionChange(scope.Name, oldDescription, scope.Description));
            }
        }

        var removed = before.Scopes.Where(s => !afterNames.Contains(s.Name));
        var nameChange = string.Equals(before.Name, after.Name, StringComparison.Ordinal) ? null : new NameChange(before.Name, after.Name);
        return new ResourceServerDiff(nameChange, added, removed, changed);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (IsEmpty)
        {
            return "no changes";
        }

        var parts = new List<string>();
        if (NameChange is not null)
        {
            parts.Add(NameChange.ToString());
        }

        parts.AddRange(_scopesAdded.Select(s => $"add scope '{s.Name}' (\"{s.Description}\")"));
        parts.AddRange(_scopesRemoved.Select(s => $"remove scope '{s.Name}' (\"{s.Description}\")"));
        parts.AddRange(_descriptionsChanged.Select(c => c.ToString()));
        return string.Join("; ", parts);
    }

    /// <inheritdoc />
    public bool Equals(ResourceServerDiff? other) =>
        other is not null
        && Equals(NameChange, other.NameChange)
        && _scopesAdded.AsSpan().SequenceEqual(other._scopesAdded.AsSpan())
        && _scopesRemoved.AsSpan().SequenceEqual(other._scopesRemoved.AsSpan())
        && _descriptionsChanged.AsSpan().SequenceEqual(other._descriptionsChanged.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(NameChange);
        hash.Add(_scopesAdded.Length);
        hash.Add(_scopesRemoved.Length);
        hash.Add(_descriptionsChanged.Length);
        foreach (var scope in _scopesAdded)
        {
            hash.Add(scope);
        }

        foreach (var scope in _scopesRemoved)
        {
            hash.Add(scope);
        }

        return hash.ToHashCode();
    }
}
