namespace ResourceServers;

/// <summary>A user pool of the account in the client's Region, as <see cref="IResourceServerClient.ListUserPoolsAsync"/> lists it.</summary>
/// <param name="Id">The user pool id, e.g. <c>us-east-1_XJ7feZZsD</c>.</param>
/// <param name="Name">The pool's name.</param>
public sealed record UserPoolSummary(string Id, string Name);
