using System.Text.Json.Serialization.Metadata;

namespace ResourceServers.Wire;

/// <summary>
/// One Cognito operation as data: its name and wire target, its request and response shapes, and the quota category
/// Cognito counts it in. The transport, pacing, telemetry and the test kit all read this table, so an operation is
/// added here (with its shapes) rather than in each of them.
/// </summary>
/// <remarks>Descriptors are singletons, compared by reference; <see cref="All"/> lists them.</remarks>
public abstract class CognitoOperation
{
    /// <summary>What every target starts with: the service's JSON 1.1 prefix.</summary>
    public const string TargetPrefix = "AWSCognitoIdentityProviderService.";

    private static readonly Dictionary<string, CognitoOperation> ByName = new(StringComparer.Ordinal);

    private protected CognitoOperation(string name, CognitoQuotaCategory category, RetriedWrite retriedWrite, bool answersEmpty)
    {
        Name = name;
        Target = TargetPrefix + name;
        SpanName = "cognito-idp." + name;
        Category = category;
        RetriedWrite = retriedWrite;
        AnswersEmpty = answersEmpty;
    }

    /// <summary>CreateResourceServer.</summary>
    public static CognitoOperation<CreateResourceServerRequest, CreateResourceServerResponse> CreateResourceServer { get; } = Add(new CognitoOperation<CreateResourceServerRequest, CreateResourceServerResponse>(
        nameof(CreateResourceServer), CognitoQuotaCategory.UserPoolResourceUpdate, RetriedWrite.AlreadyExistsMayBeOwn,
        CognitoJsonContext.Default.CreateResourceServerRequest, CognitoJsonContext.Default.CreateResourceServerResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ServerProblem(a.ResourceServer, r.UserPoolId, r.Identifier) ?? CognitoResponseChecks.EchoProblem(a.ResourceServer, r.Name, r.Scopes)));

    /// <summary>DescribeResourceServer.</summary>
    public static CognitoOperation<DescribeResourceServerRequest, DescribeResourceServerResponse> DescribeResourceServer { get; } = Add(new CognitoOperation<DescribeResourceServerRequest, DescribeResourceServerResponse>(
        nameof(DescribeResourceServer), CognitoQuotaCategory.UserPoolResourceRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.DescribeResourceServerRequest, CognitoJsonContext.Default.DescribeResourceServerResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ServerProblem(a.ResourceServer, r.UserPoolId, r.Identifier)));

    /// <summary>ListResourceServers: one page.</summary>
    public static CognitoOperation<ListResourceServersRequest, ListResourceServersResponse> ListResourceServers { get; } = Add(new CognitoOperation<ListResourceServersRequest, ListResourceServersResponse>(
        nameof(ListResourceServers), CognitoQuotaCategory.UserPoolResourceRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.ListResourceServersRequest, CognitoJsonContext.Default.ListResourceServersResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.PageProblem(a, r)));

    /// <summary>UpdateResourceServer: replaces the name and the whole scope list.</summary>
    public static CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse> UpdateResourceServer { get; } = Add(new CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse>(
        nameof(UpdateResourceServer), CognitoQuotaCategory.UserPoolResourceUpdate, RetriedWrite.Repeats,
        CognitoJsonContext.Default.UpdateResourceServerRequest, CognitoJsonContext.Default.UpdateResourceServerResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ServerProblem(a.ResourceServer, r.UserPoolId, r.Identifier) ?? CognitoResponseChecks.EchoProblem(a.ResourceServer, r.Name, r.Scopes)));

    /// <summary>DeleteResourceServer: answered with an empty body (or <c>{}</c>).</summary>
    public static CognitoOperation<DeleteResourceServerRequest, DeleteResourceServerResponse> DeleteResourceServer { get; } = Add(new CognitoOperation<DeleteResourceServerRequest, DeleteResourceServerResponse>(
        nameof(DeleteResourceServer), CognitoQuotaCategory.UserPoolResourceUpdate, RetriedWrite.NotFoundMeansDone,
        CognitoJsonContext.Default.DeleteResourceServerRequest, CognitoJsonContext.Default.DeleteResourceServerResponse,
        static r => r.UserPoolId,
        answerProblem: null,
        answersEmpty: true));

    /// <summary>ListUserPoolClients: one page of a pool's app clients, ids and names (up to 60).</summary>
    public static CognitoOperation<ListUserPoolClientsRequest, ListUserPoolClientsResponse> ListUserPoolClients { get; } = Add(new CognitoOperation<ListUserPoolClientsRequest, ListUserPoolClientsResponse>(
        nameof(ListUserPoolClients), CognitoQuotaCategory.UserPoolClientRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.ListUserPoolClientsRequest, CognitoJsonContext.Default.ListUserPoolClientsResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ClientPageProblem(a, r)));

    /// <summary>DescribeUserPoolClient: an app client's allowed scopes; its secret is dropped while the answer is read.</summary>
    public static CognitoOperation<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse> DescribeUserPoolClient { get; } = Add(new CognitoOperation<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse>(
        nameof(DescribeUserPoolClient), CognitoQuotaCategory.UserPoolClientRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.DescribeUserPoolClientRequest, CognitoJsonContext.Default.DescribeUserPoolClientResponse,
        static r => r.UserPoolId,
        static (a, r) => CognitoResponseChecks.ClientProblem(a.UserPoolClient, r.UserPoolId, r.ClientId)));

    /// <summary>ListUserPools: one page of the account's user pools in the Region (an operation of the account, no pool).</summary>
    public static CognitoOperation<ListUserPoolsRequest, ListUserPoolsResponse> ListUserPools { get; } = Add(new CognitoOperation<ListUserPoolsRequest, ListUserPoolsResponse>(
        nameof(ListUserPools), CognitoQuotaCategory.UserPoolRead, RetriedWrite.NotAWrite,
        CognitoJsonContext.Default.ListUserPoolsRequest, CognitoJsonContext.Default.ListUserPoolsResponse,
        static _ => null,
        static (a, r) => CognitoResponseChecks.UserPoolPageProblem(a, r)));

    /// <summary>Every operation, in the order above.</summary>
    public static IReadOnlyList<CognitoOperation> All { get; } = [.. ByName.Values];

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
    public static CognitoOperation? Find(string name) => ByName.GetValueOrDefault(name);

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

    private static T Add<T>(T operation)
        where T : CognitoOperation
    {
        ByName.Add(operation.Name, operation);
        return operation;
    }
}
