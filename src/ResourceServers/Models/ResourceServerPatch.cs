using System.Collections.Immutable;
using System.Globalization;

namespace ResourceServers;

/// <summary>
/// A change to a resource server that names only what changes: a new name, scopes to add or update, scopes to
/// remove, and optionally a new complete scope list. Everything it does not name is kept. Applied by
/// <see cref="IResourceServerClient.PatchAsync"/>, which reads the current state, applies the patch and writes the
/// complete result.
/// </summary>
/// <remarks>
/// <para>Build one with the static helpers and chain the <c>And...</c> combinators:
/// <c>ResourceServerPatch.Rename("orders").AndAddOrUpdateScope("write", "Write orders").AndRemoveScope("admin")</c>.
/// A later step wins over an earlier one naming the same scope, so a patch never both adds and removes a scope.</para>
/// <para>Applying, in this order: the base list is the current scopes, or <see cref="ReplacementScopes"/> when set;
/// then <see cref="ScopesToRemove"/> are dropped; then <see cref="ScopesToAddOrUpdate"/> update the description of a scope with
/// the same name in place, or are appended. Scopes that exist before and after keep their current position; new
/// scopes go at the end. Scope names are compared ordinally.</para>
/// <para>Value equality compares the lists item by item.</para>
/// </remarks>
public sealed record ResourceServerPatch
{
    private readonly ImmutableArray<ResourceServerScope> _scopesToAddOrUpdate;
    private readonly ImmutableArray<string> _scopesToRemove;
    private readonly ImmutableArray<ResourceServerScope>? _replacementScopes;

    /// <summary>Creates a patch. The static helpers and combinators are usually clearer.</summary>
    /// <param name="newName">The new name; null keeps the current name.</param>
    /// <param name="scopesToAddOrUpdate">Scopes to add, or whose description to update when a scope of that name exists.</param>
    /// <param name="scopesToRemove">Names of scopes to remove; a name that does not exist is ignored.</param>
    /// <param name="replacementScopes">When not null, the complete new scope list, to which the other two then apply.</param>
    /// <exception cref="ArgumentException">A list holds null, a name appears twice in <paramref name="scopesToAddOrUpdate"/> or
    /// <paramref name="replacementScopes"/>, or a name is both set and removed.</exception>
    public ResourceServerPatch(
        string? newName = null,
        IEnumerable<ResourceServerScope>? scopesToAddOrUpdate = null,
        IEnumerable<string>? scopesToRemove = null,
        IEnumerable<ResourceServerScope>? replacementScopes = null)
    {
        NewName = newName;
        _scopesToAddOrUpdate = scopesToAddOrUpdate is null ? [] : [.. scopesToAddOrUpdate];
        _scopesToRemove = scopesToRemove is null ? [] : [.. scopesToRemove.Distinct(StringComparer.Ordinal)];
        _replacementScopes = replacementScopes is null ? null : [.. replacementScopes];

        var setNames = RequireUniqueNames(_scopesToAddOrUpdate, nameof(scopesToAddOrUpdate));
        for (var i = 0; i < _scopesToRemove.Length; i++)
        {
            var name = _scopesToRemove[i] ?? throw new ArgumentException($"scopesToRemove[{Index(i)}] is null.", nameof(scopesToRemove));
            if (setNames.Contains(name))
            {
                throw new ArgumentException($"Scope '{name}' is both set and removed; a patch must say one or the other.", nameof(scopesToRemove));
            }
        }

        if (_replacementScopes is { } replacement)
        {
            RequireUniqueNames(replacement, nameof(replacementScopes));
        }
    }

    /// <summary>The patch that changes nothing.</summary>
    public static ResourceServerPatch Empty { get; } = new();

    /// <summary>The new name, or null to keep the current one.</summary>
    public string? NewName { get; }

    /// <summary>Scopes to add, or whose description to update when one of that name exists. Never null.</summary>
    public IReadOnlyList<ResourceServerScope> ScopesToAddOrUpdate => _scopesToAddOrUpdate;

    /// <summary>Names of scopes to remove; removing a scope that does not exist is not an error. Never null.</summary>
    public IReadOnlyList<string> ScopesToRemove => _scopesToRemove;

    /// <summary>When not null, the complete new scope list (before <see cref="ScopesToRemove"/> and <see cref="ScopesToAddOrUpdate"/> apply); null keeps the current scopes as the base.</summary>
    public IReadOnlyList<ResourceServerScope>? ReplacementScopes => _replacementScopes is { } replacement ? replacement : null;

    /// <summary>True when the patch names nothing at all.</summary>
    public bool IsEmpty => NewName is null && _scopesToAddOrUpdate.IsEmpty && _scopesToRemove.IsEmpty && _replacementScopes is null;

    /// <summary>A patch that adds a scope, or updates its description when a scope of that name exists.</summary>
    /// <param name="name">The scope name.</param>
    /// <param name="description">The scope description.</param>
    /// <returns>The patch.</returns>
    public static ResourceServerPatch AddOrUpdateScope(string name, string description) => Empty.AndAddOrUpdateScope(name, description);

    /// <summary>A patch that adds a scope, or updates its description when a scope of that name exists.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The patch.</returns>
    public static ResourceServerPatch AddOrUpdateScope(ResourceServerScope scope) => Empty.AndAddOrUpdateScope(scope);

    /// <summary>A patch that removes a scope if it exists.</summary>
    /// <param name="name">The scope name.</param>
    /// <returns>The patch.</returns>
    public static ResourceServerPatch RemoveScope(string name) => Empty.AndRemoveScope(name);

    /// <summary>A patch that renames the resource server and keeps its scopes.</summary>
    /// <param name="newName">The new name.</param>
    /// <returns>The patch.</returns>
    public static ResourceServerPatch Rename(string newName) => Empty.AndRename(newName);

    /// <summary>A patch that replaces the whole scope list (keeping the name unless also renamed).</summary>
    /// <param name="scopes">The complete new scope list; empty removes every scope.</param>
    /// <returns>The patch.</returns>
    public static ResourceServerPatch ReplaceScopes(params IEnumerable<ResourceServerScope> scopes) => Empty.AndReplaceScopes(scopes);

    /// <summary>Returns this patch also adding (or updating) a scope; overrides an earlier removal of the same name.</summary>
    /// <param name="name">The scope name.</param>
    /// <param name="description">The scope description.</param>
    /// <returns>The combined patch.</returns>
    public ResourceServerPatch AndAddOrUpdateScope(string name, string description) => AndAddOrUpdateScope(new ResourceServerScope(name, description));

    /// <summary>Returns this patch also adding (or updating) a scope; overrides an earlier step naming the same scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The combined patch.</returns>
    public ResourceServerPatch AndAddOrUpdateScope(ResourceServerScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var index = IndexOf(_scopesToAddOrUpdate, scope.Name);
        var set = index >= 0 ? _scopesToAddOrUpdate.SetItem(index, scope) : _scopesToAddOrUpdate.Add(scope);
        var remove = _scopesToRemove.Remove(scope.Name, StringComparer.Ordinal);
        return new ResourceServerPatch(NewName, set, remove, _replacementScopes);
    }

    /// <summary>Returns this patch also removing a scope; overrides an earlier addition of the same name.</summary>
    /// <param name="name">The scope name.</param>
    /// <returns>The combined patch.</returns>
    public ResourceServerPatch AndRemoveScope(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = IndexOf(_scopesToAddOrUpdate, name);
        var set = index >= 0 ? _scopesToAddOrUpdate.RemoveAt(index) : _scopesToAddOrUpdate;
        return new ResourceServerPatch(NewName, set, _scopesToRemove.Add(name), _replacementScopes);
    }

    /// <summary>Returns this patch also renaming the resource server.</summary>
    /// <param name="newName">The new name.</param>
    /// <returns>The combined patch.</returns>
    public ResourceServerPatch AndRename(string newName)
    {
        ArgumentNullException.ThrowIfNull(newName);
        return new ResourceServerPatch(newName, _scopesToAddOrUpdate, _scopesToRemove, _replacementScopes);
    }

    /// <summary>Returns this patch replacing the whole scope list; earlier scope additions and removals are superseded.</summary>
    /// <param name="scopes">The complete new scope list; empty removes every scope.</param>
    /// <returns>The combined patch.</returns>
    public ResourceServerPatch AndReplaceScopes(params IEnumerable<ResourceServerScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return new ResourceServerPatch(NewName, null, null, scopes);
    }

    /// <summary>
    /// Applies the patch to a state, without any service call. The pool and identifier are kept.
    /// </summary>
    /// <param name="current">The state to change.</param>
    /// <returns>The resulting state; scopes that exist in both keep their position, new ones are appended.</returns>
    public ResourceServer ApplyTo(ResourceServer current)
    {
        ArgumentNullException.ThrowIfNull(current);

        // First the resulting name -> description map, then the order: whatever exists before and after keeps its
        // current position (even when replaced and set again), and new names follow in the order the patch gives them.
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        IEnumerable<ResourceServerScope> baseScopes = _replacementScopes is { } replacement ? replacement : current.Scopes;
        foreach (var scope in baseScopes)
        {
            descriptions.TryAdd(scope.Name, scope.Description);
        }

        foreach (var name in _scopesToRemove)
        {
            descriptions.Remove(name);
        }

        foreach (var scope in _scopesToAddOrUpdate)
        {
            descriptions[scope.Name] = scope.Description;
        }

        var candidates = current.Scopes.Select(s => s.Name)
            .Concat(_replacementScopes?.Select(s => s.Name) ?? [])
            .Concat(_scopesToAddOrUpdate.Select(s => s.Name));
        var order = new List<string>(descriptions.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in candidates)
        {
            if (descriptions.ContainsKey(name) && placed.Add(name))
            {
                order.Add(name);
            }
        }

        return current with
        {
            Name = NewName ?? current.Name,
            Scopes = [.. order.Select(name => new ResourceServerScope(name, descriptions[name]))],
        };
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        if (NewName is not null)
        {
            parts.Add($"rename to '{NewName}'");
        }

        if (_replacementScopes is { } replacement)
        {
            parts.Add($"replace scopes with [{string.Join(", ", replacement.Select(s => s.Name))}]");
        }

        parts.AddRange(_scopesToRemove.Select(name => $"remove scope '{name}'"));
        parts.AddRange(_scopesToAddOrUpdate.Select(s => $"add or update scope '{s.Name}' (\"{s.Description}\")"));
        return parts.Count == 0 ? "empty patch" : string.Join("; ", parts);
    }

    /// <inheritdoc />
    public bool Equals(ResourceServerPatch? other) =>
        other is not null
        && string.Equals(NewName, other.NewName, StringComparison.Ordinal)
        && _scopesToAddOrUpdate.AsSpan().SequenceEqual(other._scopesToAddOrUpdate.AsSpan())
        && _scopesToRemove.AsSpan().SequenceEqual(other._scopesToRemove.AsSpan())
        && _replacementScopes.HasValue == other._replacementScopes.HasValue
        && (!_replacementScopes.HasValue || _replacementScopes.Value.AsSpan().SequenceEqual(other._replacementScopes!.Value.AsSpan()));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(NewName, StringComparer.Ordinal);
        foreach (var scope in _scopesToAddOrUpdate)
        {
            hash.Add(scope);
        }

        foreach (var name in _scopesToRemove)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        hash.Add(_replacementScopes.HasValue);
        if (_replacementScopes is { } replacement)
        {
            foreach (var scope in replacement)
            {
                hash.Add(scope);
            }
        }

        return hash.ToHashCode();
    }

    private static HashSet<string> RequireUniqueNames(ImmutableArray<ResourceServerScope> scopes, string parameter)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scopes.Length; i++)
        {
            var scope = scopes[i] ?? throw new ArgumentException($"{parameter}[{Index(i)}] is null.", parameter);
            if (scope.Name is null)
            {
                throw new ArgumentException($"{parameter}[{Index(i)}].Name is null.", parameter);
            }

            if (!names.Add(scope.Name))
            {
                throw new ArgumentException($"{parameter}[{Index(i)}]: scope '{scope.Name}' appears more than once.", parameter);
            }
        }

        return names;
    }

    private static int IndexOf(ImmutableArray<ResourceServerScope> scopes, string name)
    {
        for (var i = 0; i < scopes.Length; i++)
        {
            if (string.Equals(scopes[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
