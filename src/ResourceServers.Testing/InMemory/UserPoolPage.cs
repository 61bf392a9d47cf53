namespace ResourceServers.Testing;

/// <summary>One page of <see cref="InMemoryCognito.ListUserPoolsAsync"/>.</summary>
/// <param name="UserPools">The pools of this page, ordered by id (ordinal).</param>
/// <param name="NextToken">The token of the next page; null on the last page.</param>
public sealed record UserPoolPage(IReadOnlyList<UserPool> UserPools, string? NextToken);
