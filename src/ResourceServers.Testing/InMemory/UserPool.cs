namespace ResourceServers.Testing;

/// <summary>A user pool of the in-memory Cognito (the subset of <c>UserPoolType</c> the test kit keeps).</summary>
/// <param name="Id">The pool id, <c>{region}_{9 letters or digits}</c>.</param>
/// <param name="Name">The pool name.</param>
/// <param name="CreationDate">When the pool was created, by the instance's <see cref="TimeProvider"/>.</param>
/// <param name="LastModifiedDate">When the pool's own settings last changed; resource-server changes do not touch it.</param>
public sealed record UserPool(string Id, string Name, DateTimeOffset CreationDate, DateTimeOffset LastModifiedDate);
