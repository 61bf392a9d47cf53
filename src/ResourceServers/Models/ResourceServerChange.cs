using System.Collections.Immutable;
using System.Globalization;

namespace ResourceServers;

/// <summary>
/// What happened to one resource server, or what would happen: the result of a patch, an ensure or an
/// update-if-unchanged, and the plan of an ensure (<see cref="IsPlan"/>). <see cref="ToString"/> reads as a sentence;
/// the members are for programs.
/// </summary>
/// <remarks>
/// To return one from a mocked <see cref="IResourceServerClient"/>, build it as the client does: <see cref="Created"/>,
/// <see cref="Updated"/>, <see cref="Unchanged"/>, <see cref="Deleted"/>, and for plans <see cref="Plan"/> and
/// <see cref="PlanDelete"/>; they fill <see cref="Diff"/> consistently.
/// </remarks>
/// <param name="Kind">Created, updated, unchanged or deleted.</param>
/// <param name="Before">The state found before, or null when it did not exist (<see cref="ResourceServerChangeKind.Created"/>).
/// After a retry that found its own lost write, the state the first attempt read.</param>
/// <param name="After">The state after: as the service stored it (for a plan, the desired state), or null when it is
/// deleted (<see cref="ResourceServerChangeKind.Deleted"/>).</param>
/// <param name="Diff">What changed from <paramref name="Before"/> to <paramref name="After"/>; empty unless <see cref="ResourceServerChangeKind.Updated"/>.</param>
/// <param name="IsPlan">True when nothing was written and this says what an ensure would do.</param>
public sealed record ResourceServerChange(ResourceServerChangeKind Kind, ResourceServer? Before, ResourceServer? After, ResourceServerDiff Diff, bool IsPlan = false)
{
    private readonly ImmutableArray<AppClientGrant> _revokedGrants = [];

    /// <summary>
    /// The app clients of the pool that grant scopes this change removes (a removed scope, or every scope of a deleted
    /// resource server), with those scopes; empty when it removes none, or none is granted. Adds, renames and
    /// description changes never read the pool's app clients.
    /// </summary>
    public IReadOnlyList<AppClientGrant> RevokedGrants
    {
        get => _revokedGrants;
        init => _revokedGrants = value is null ? [] : [.. value];
    }

    /// <summary>The scopes this change removes, as app clients name them (<c>identifier/scope</c>): a removed scope, or every scope of a deleted resource server.</summary>
    public IReadOnlyList<string> RemovedScopeIdentifiers => Kind switch
    {
        ResourceServerChangeKind.Deleted => Before?.ScopeIdentifiers ?? [],
        ResourceServerChangeKind.Updated => [.. Diff.ScopesRemoved.Select(s => Identifier + "/" + s.Name)],
        _ => [],
    };

    /// <summary>The user pool of the resource server this is about.</summary>
    // Stryker disable once NullCoalescing : equivalent mutants: Before and After are states of one resource server, so
    // whichever is asked first names the same pool and identifier.
    public string UserPoolId => (After ?? Before)?.UserPoolId ?? string.Empty;

    /// <summary>The identifier of the resource server this is about.</summary>
    // Stryker disable once NullCoalescing : equivalent mutants, as for UserPoolId.
    public string Identifier => (After ?? Before)?.Identifier ?? string.Empty;

    /// <summary>True when anything was (or, for a plan, would be) written: created, updated or deleted.</summary>
    public bool HasChanges => Kind != ResourceServerChangeKind.Unchanged;

    /// <summary>The result of a write that found nothing to change.</summary>
    /// <param name="current">The state found, which already matched.</param>
    /// <returns>An <see cref="ResourceServerChangeKind.Unchanged"/> change with an empty diff.</returns>
    public static ResourceServerChange Unchanged(ResourceServer current) => new(ResourceServerChangeKind.Unchanged, current, current, ResourceServerDiff.Empty);

    /// <summary>The result of a write that replaced <paramref name="before"/> and stored <paramref name="after"/>.</summary>
    /// <param name="before">The state read before the write.</param>
    /// <param name="after">The state the service stored.</param>
    /// <returns>An <see cref="ResourceServerChangeKind.Updated"/> change whose diff is <see cref="ResourceServerDiff.Between"/> the two.</returns>
    public static ResourceServerChange Updated(ResourceServer before, ResourceServer after) =>
        new(ResourceServerChangeKind.Updated, before, after, ResourceServerDiff.Between(before, after));

    /// <summary>The result of a create.</summary>
    /// <param name="after">The state the service stored.</param>
    /// <returns>A <see cref="ResourceServerChangeKind.Created"/> change.</returns>
    public static ResourceServerChange Created(ResourceServer after) => new(ResourceServerChangeKind.Created, null, after, ResourceServerDiff.Empty);

    /// <summary>The result of a delete.</summary>
    /// <param name="before">The state deleted.</param>
    /// <returns>A <see cref="ResourceServerChangeKind.Deleted"/> change.</returns>
    public static ResourceServerChange Deleted(ResourceServer before) => new(ResourceServerChangeKind.Deleted, before, null, ResourceServerDiff.Empty);

    /// <summary>What ensuring <paramref name="desired"/> would do, given the <paramref name="current"/> state (null when missing).</summary>
    /// <param name="current">The state read, or null when the resource server does not exist.</param>
    /// <param name="desired">The desired state.</param>
    /// <returns>A plan (<see cref="IsPlan"/>) to create, update or leave it.</returns>
    public static ResourceServerChange Plan(ResourceServer? current, ResourceServer desired)
    {
        if (current is null)
        {
            return new(ResourceServerChangeKind.Created, null, desired, ResourceServerDiff.Empty, IsPlan: true);
        }

        var diff = ResourceServerDiff.Between(current, desired);
        return new(diff.IsEmpty ? ResourceServerChangeKind.Unchanged : ResourceServerChangeKind.Updated, current, desired, diff, IsPlan: true);
    }

    /// <summary>What ensuring a set with deletion would do to <paramref name="current"/>, which the set does not name.</summary>
    /// <param name="current">The state read.</param>
    /// <returns>A plan (<see cref="IsPlan"/>) to delete it.</returns>
    public static ResourceServerChange PlanDelete(ResourceServer current) => new(ResourceServerChangeKind.Deleted, current, null, ResourceServerDiff.Empty, IsPlan: true);

    /// <inheritdoc />
    public bool Equals(ResourceServerChange? other) =>
        other is not null
        && Kind == other.Kind
        && Equals(Before, other.Before)
        && Equals(After, other.After)
        && Equals(Diff, other.Diff)
        && IsPlan == other.IsPlan
        && _revokedGrants.AsSpan().SequenceEqual(other._revokedGrants.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Before, After, Diff, IsPlan, _revokedGrants.Length);

    /// <inheritdoc />
    public override string ToString() => _revokedGrants.IsEmpty
        ? Sentence()
        : $"{Sentence()}; revokes what {string.Join("; ", _revokedGrants)}";

    private string Sentence()
    {
        var subject = $"resource server '{Identifier}' in pool '{UserPoolId}'";
        var scopes = After is null ? string.Empty : Scopes(After);
        return (Kind, IsPlan) switch
        {
            (ResourceServerChangeKind.Created, true) => $"Create {subject} named '{After?.Name}' {scopes}",
            (ResourceServerChangeKind.Created, false) => $"Created {subject} named '{After?.Name}' {scopes}",
            (ResourceServerChangeKind.Updated, true) => $"Update {subject}: {Diff}",
            (ResourceServerChangeKind.Updated, false) => $"Updated {subject}: {Diff}",
            (ResourceServerChangeKind.Deleted, true) => $"Delete {subject}",
            (ResourceServerChangeKind.Deleted, false) => $"Deleted {subject}",
            (_, true) => $"No change to {subject}",
            _ => $"Unchanged {subject}",
        };
    }

    private static string Scopes(ResourceServer server) => server.Scopes.Count == 0
        ? "with no scopes"
        : string.Create(CultureInfo.InvariantCulture, $"with scopes {string.Join(", ", server.Scopes.Select(s => $"'{s.Name}'"))}");
}
