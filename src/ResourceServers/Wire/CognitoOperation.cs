using System.Text.Json.Serialization.Metadata;

namespace ResourceServers.Wire;

/// <summary>
/// One Cognito operation as data: its name and wire target, its request and response shapes, and the quota category
/// Cognito counts it in. The transport, pacing, telemetry and the test kit all read the descriptor, so an operation is
/// added in one file of <c>Wire/Operations/</c> (its descriptor and shapes) rather than in each of them.
/// </summary>
/// <remarks>Descriptors are singletons, compared by reference; <see cref="All"/> lists them.</remarks>
public abstract partial class CognitoOperation
{
    /// <summary>What every target starts with: the service's JSON 1.1 prefix.</summary>
    public const string TargetPrefix = "AWSCognitoIdentityProviderService.";

    private protected CognitoOperation(string name, CognitoQuotaCategory category, RetriedWrite retriedWrite, bool answersEmpty)
    {
        Name = name;
        Target = TargetPrefix + name;
        SpanName = "cognito-idp." + name;
        Category = category;
        RetriedWrite = retriedWrite;
        AnswersEmpty = answersEmpty;
    }

    /// <summary>Every operation; a position in this list is stable, so counters may be kept by it.</summary>
    public static IReadOnlyList<CognitoOperation> All => Registry.All;

    /// <summary>The operation's name, as the service model, logs, metrics and spans name it.</summary>
    public string Name { get; }

    /// <summary>The <c>X-Amz-Target</c> header value: <see cref="TargetPrefix"/> and <see cref="Name"/>.</summary>
    public string Target { get; }

    /// <summary>The quota category Cognito counts the operation in.</summary>
    public CognitoQuotaCategory Category { get; }

    /// <summary>Whether the operation changes state (its category aside, which is Cognito's business).</summary>
    public bool IsWrite => RetriedWrite != RetriedWrite.NotAWrite;

    /// <summary>Whether a success is an empty body (or <c>{}</c>) rather than the response shape's members.</summary>
    public bool AnswersEmpty { get; }

    /// <summary>The request shape's JSON metadata (source-generated): member names as the service model spells them.</summary>
    public abstract JsonTypeInfo RequestJson { get; }

    /// <summary>The response shape's JSON metadata (source-generated).</summary>
    public abstract JsonTypeInfo ResponseJson { get; }

    /// <summary>The span name of a request: <c>cognito-idp.</c> and <see cref="Name"/>.</summary>
    internal string SpanName { get; }

    /// <summary>What a retried attempt's answer means when an earlier attempt may have landed.</summary>
    internal RetriedWrite RetriedWrite { get; }

    /// <summary>The operation named <paramref name="name"/> (as in <see cref="Name"/>), or null.</summary>
    /// <param name="name">The operation's name.</param>
    /// <returns>The descriptor, or null when no operation has that name.</returns>
    public static CognitoOperation? Find(string name) => Registry.ByName.GetValueOrDefault(name);

    /// <summary>Sends <paramref name="request"/> (of this operation's request shape) through <paramref name="api"/>, for callers that route by name.</summary>
    /// <param name="api">The wire port.</param>
    /// <param name="request">The request; its type must be the operation's request shape.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    public abstract Task<CognitoResponse> SendAsync(ICognitoResourceServerApi api, object request, CancellationToken cancellationToken = default);

    /// <summary>The user pool <paramref name="request"/> names, or null for an operation of the account.</summary>
    /// <param name="request">A request of this operation's shape.</param>
    /// <returns>The user pool id.</returns>
    public abstract string? UserPoolIdOf(object request);

    /// <inheritdoc />
    public override string ToString() => Name;

    // Built on first use, after every part's descriptor is set: the order of static initializers across the parts of
    // a partial class is unspecified.
    private static class Registry
    {
        internal static readonly CognitoOperation[] All =
        [
            CreateResourceServer, DescribeResourceServer, ListResourceServers, UpdateResourceServer, DeleteResourceServer,
            ListUserPoolClients, DescribeUserPoolClient, ListUserPools,
        ];

        internal static readonly Dictionary<string, CognitoOperation> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);
    }
}
