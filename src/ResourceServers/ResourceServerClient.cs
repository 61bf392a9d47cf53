using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Polly;
using ResourceServers.Models;
using ResourceServers.Resilience;
using ResourceServers.Telemetry;
using ResourceServers.Updates;
using ResourceServers.Validation;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// The default <see cref="IResourceServerClient"/>: validates, runs each service call through the resilience
/// pipeline and maps the wire shapes to immutable models. Thread-safe; register it as a singleton.
/// </summary>
/// <remarks>
/// Each operation is reported as one span, one duration measurement and one log event, and each request to Cognito
/// as a child span with its attempt number and AWS request id (see <see cref="ResourceServerTelemetry"/>).
/// </remarks>
public sealed class ResourceServerClient : IResourceServerClient
{
    private readonly ICognitoResourceServerApi _api;
    private readonly AttemptCountingPipeline _pipeline;
    private readonly ClientTelemetry _telemetry;
    private readonly int? _defaultPageSize;

    // Serializes this client's read-modify-write units per (pool, identifier); see ReadModifyWrite.
    private readonly KeyedAsyncLock<(string UserPoolId, string Identifier)> _updateLocks = new();

    // Patch, ensure and plan: calls the port directly inside one pipeline execution per unit, never the pipelined
    // methods of this class, so retries are not stacked.
    private readonly ReadModifyWrite _safeUpdates;

    /// <summary>Creates a client over a wire port.</summary>
    /// <param name="api">The wire port: the HTTP transport, the test kit's in-memory Cognito, or an adapter.</param>
    /// <param name="pipeline">The resilience pipeline each service call (or read-modify-write unit) runs in; none when null. See <see cref="Create"/> for the library's defaults. Its attempts must be sequential (no hedging).</param>
    /// <param name="loggerFactory">Where log events go (category <c>ResourceServers.ResourceServerClient</c>); none when null.</param>
    /// <param name="meterFactory">Creates the <see cref="ResourceServerTelemetry.MeterName"/> meter; a process-wide meter when null.</param>
    /// <param name="defaultPageSize">The page size <see cref="ListAsync"/> asks for when its caller gives none, 1..50; the service's default when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="defaultPageSize"/> is outside 1..50.</exception>
    public ResourceServerClient(ICognitoResourceServerApi api, ResiliencePipeline? pipeline = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, int? defaultPageSize = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (defaultPageSize is < RequestValidator.MinPageSize or > RequestValidator.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(defaultPageSize), defaultPageSize, $"The default page size must be {RequestValidator.MinPageSize}..{RequestValidator.MaxPageSize}.");
        }

        _telemetry = ClientTelemetry.Create(loggerFactory, meterFactory);

        // Observed under the pipeline, so every attempt is seen; above any pacing, so waiting for a slot counts.
        _api = new InstrumentedCognitoApi(api, _telemetry);
        _pipeline = new AttemptCountingPipeline(pipeline ?? ResiliencePipeline.Empty);
        _safeUpdates = new ReadModifyWrite(_api, _pipeline, _updateLocks);
        _defaultPageSize = defaultPageSize;
    }

    /// <summary>
    /// Creates a client with the library's defaults for use without dependency injection: quota-aware pacing on the
    /// port and the Cognito-matched resilience pipeline (<see cref="ResourceServerResilience.CreatePipeline"/>).
    /// </summary>
    /// <param name="api">The wire port, typically a <see cref="Transport.CognitoHttpTransport"/>.</param>
    /// <param name="options">Retry, timeout and pacing settings; the defaults when null.</param>
    /// <param name="timeProvider">The clock for backoff, timeouts and pacing; the system clock when null.</param>
    /// <returns>A thread-safe client; keep one per account and Region so pacing sees all of its calls.</returns>
    public static ResourceServerClient Create(ICognitoResourceServerApi api, ResourceServerResilienceOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        options ??= new ResourceServerResilienceOptions();
        return new ResourceServerClient(api.WithClientPacing(options, timeProvider), ResourceServerResilience.CreatePipeline(options, timeProvider));
    }

    /// <inheritdoc />
    public async Task<ResourceServer> CreateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default)
    {
        using var scope = Begin("Create", isWrite: true, resourceServer?.UserPoolId, resourceServer?.Identifier);
        try
        {
            RequestValidator.ValidateResourceServer(resourceServer);

            // A retried create answered "already exists" may be this call's own earlier attempt; that is resolved there.
            return await IdempotentCreate.ExecuteAsync(_api, _pipeline, resourceServer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (scope.Fail(e))
        {
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<ResourceServer> GetAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default)
    {
        using var scope = Begin("Get", isWrite: false, userPoolId, identifier);
        try
        {
            RequestValidator.ValidateKey(userPoolId, identifier);
            var request = new DescribeResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier };
            var response = await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<DescribeResourceServerResponse>(state.api.DescribeResourceServerAsync(state.request, ct)),
                (api: _api, request),
                cancellationToken).ConfigureAwait(false);
            return WireMapping.ToModel(response.ResourceServer, userPoolId, identifier);
        }
        catch (Exception e) when (scope.Fail(e))
        {
            throw;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ResourceServer> ListAsync(string userPoolId, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        // Validated here, eagerly, so a bad argument throws at the call rather than at the first MoveNextAsync.
        RequestValidator.ValidateUserPoolId(userPoolId, "UserPoolId");
        RequestValidator.ValidatePageSize(pageSize, "MaxResults");
        return ListCore(userPoolId, pageSize ?? _defaultPageSize, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ResourceServer> UpdateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default)
    {
        using var scope = Begin("Update", isWrite: true, resourceServer?.UserPoolId, resourceServer?.Identifier);
        try
        {
            RequestValidator.ValidateResourceServer(resourceServer);
            var request = WireMapping.ToUpdateRequest(resourceServer);
            var response = await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<UpdateResourceServerResponse>(state.api.UpdateResourceServerAsync(state.request, ct)),
                (api: _api, request),
                cancellationToken).ConfigureAwait(false);
            return WireMapping.ToModel(response.ResourceServer, resourceServer.UserPoolId, resourceServer.Identifier);
        }
        catch (Exception e) when (scope.Fail(e))
        {
            throw;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default)
    {
        using var scope = Begin("Delete", isWrite: true, userPoolId, identifier);
        try
        {
            RequestValidator.ValidateKey(userPoolId, identifier);
            var request = new DeleteResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier };
            await IdempotentDelete.ExecuteAsync(_api, _pipeline, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (scope.Fail(e))
        {
            throw;
        }
    }

    /// <inheritdoc />
    public Task<PatchResult> PatchAsync(string userPoolId, string identifier, ResourceServerPatch patch, CancellationToken cancellationToken = default) =>
        ObserveAsync("Patch", isWrite: true, userPoolId, identifier, (userPoolId, identifier, patch), static (u, s, ct) => u.PatchAsync(s.userPoolId, s.identifier, s.patch, ct), cancellationToken);

    /// <inheritdoc />
    public Task<ResourceServer> UpdateIfUnchangedAsync(ResourceServer expected, ResourceServer desired, CancellationToken cancellationToken = default) =>
        ObserveAsync("UpdateIfUnchanged", isWrite: true, desired?.UserPoolId, desired?.Identifier, (expected, desired), static (u, s, ct) => u.UpdateIfUnchangedAsync(s.expected, s.desired!, ct), cancellationToken);

    /// <inheritdoc />
    public Task<EnsureResult> EnsureAsync(ResourceServer desired, CancellationToken cancellationToken = default) =>
        ObserveAsync("Ensure", isWrite: true, desired?.UserPoolId, desired?.Identifier, desired, static (u, d, ct) => u.EnsureAsync(d!, ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EnsureResult>> EnsureAllAsync(string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted = false, CancellationToken cancellationToken = default) =>
        ObserveAsync("EnsureAll", isWrite: true, userPoolId, null, (userPoolId, desired, deleteUnlisted), static (u, s, ct) => u.EnsureAllAsync(s.userPoolId, s.desired, s.deleteUnlisted, ct), cancellationToken);

    /// <inheritdoc />
    public Task<ResourceServerPlan> PlanAsync(ResourceServer desired, CancellationToken cancellationToken = default) =>
        ObserveAsync("Plan", isWrite: false, desired?.UserPoolId, desired?.Identifier, desired, static (u, d, ct) => u.PlanAsync(d!, ct), cancellationToken);

    private OperationScope Begin(string operation, bool isWrite, string? userPoolId, string? identifier) =>
        OperationScope.Begin(_telemetry, operation, isWrite, userPoolId, identifier);

    private async Task<TResult> ObserveAsync<TState, TResult>(
        string operation,
        bool isWrite,
        string? userPoolId,
        string? identifier,
        TState state,
        Func<ReadModifyWrite, TState, CancellationToken, Task<TResult>> body,
        CancellationToken cancellationToken)
    {
        using var scope = Begin(operation, isWrite, userPoolId, identifier);
        try
        {
            return await body(_safeUpdates, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (scope.Fail(e))
        {
            throw;
        }
    }

    // One page is one operation as telemetry sees it: the time the caller spends between pages is not the client's.
    private async Task<ListResourceServersResponse> ListPageAsync(ListResourceServersRequest request, CancellationToken cancellationToken)
    {
        using var scope = Begin("List", isWrite: false, request.UserPoolId, identifier: null);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<ListResourceServersResponse>(state.api.ListResourceServersAsync(state.request, ct)),
                (api: _api, request),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (scope.Fail(e))
        {
            throw;
        }
    }

    private async IAsyncEnumerable<ResourceServer> ListCore(string userPoolId, int? pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? nextToken = null;
        do
        {
            // A new request per page: nothing is mutated between pages, and a retry repeats only this page.
            var request = new ListResourceServersRequest { UserPoolId = userPoolId, MaxResults = pageSize, NextToken = nextToken };
            var page = await ListPageAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.ResourceServers)
            {
                yield return WireMapping.ToModel(item, userPoolId);
            }

            nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (nextToken is not null);
    }
}
