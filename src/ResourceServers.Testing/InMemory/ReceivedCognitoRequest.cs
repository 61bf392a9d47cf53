using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>A request as an <see cref="InMemoryCognito"/> received it: what <see cref="FaultPlan.BeforeServing"/> and <see cref="FaultPlan.AfterServing"/> hooks are given.</summary>
/// <param name="Operation">The operation called.</param>
/// <param name="Request">The request as sent: the operation's request type (for example <see cref="DescribeResourceServerRequest"/>).</param>
/// <param name="UserPoolId">The user pool the request names; null when it names none.</param>
/// <param name="Number">Which request of <paramref name="Operation"/> this is on the instance, counting from 1.</param>
/// <param name="ReceivedAt">When it arrived, on the instance's <see cref="InMemoryCognitoOptions.TimeProvider"/>, before any planned delay.</param>
public sealed record ReceivedCognitoRequest(CognitoOperation Operation, object Request, string? UserPoolId, long Number, DateTimeOffset ReceivedAt);
