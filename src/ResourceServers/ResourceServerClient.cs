using System.Runtime.CompilerServices;
using Polly;
using ResourceServers.Models;
using ResourceServers.Resilience;
using ResourceServers.Updates;
using ResourceServers.Validation;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// The default <see cref="IResourceServerClient"/>: validates, runs each service call through the resilience
/// pipeline and maps the wire shapes to immutable models. Thread-safe; register it as a singleton.
/// </summary>
public sealed class ResourceServerClient : IResourceServerClient
{
    private readonly ICognitoResourceServerApi _api;
    private readonly ResiliencePipeline _pipeline;

    // Serializes this client's read-modify-write units per (pool, identifier); see ReadModifyWrite.
    private readonly KeyedAsyncLock<(string UserPoolId, string Identifier)> _updateLocks = new();

    /// <summary>Creates a client over a wire port.</summary>
    /// <param name="api">The wire port: the HTTP transport, the test kit's in-memory Cognito, or an adapter.</param>
    /// <param name="pipeline">The resilience pipeline each service call runs in; none when null.</param>
    public ResourceServerClient(ICognitoResourceServerApi api, ResiliencePipeline? pipeline = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        _pipeline = pipeline ?? ResiliencePipeline.Empty;
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
        return new ResourceServerClient(api.WithPacing(options.Pacing, timeProvider), ResourceServerResilience.CreatePipeline(options, timeProvider));
    }

    /// <inheritdoc />
    public async Task<ResourceServer> CreateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default)
    {
        RequestValidator.ValidateResourceServer(resourceServer);

        // A retried create answered "already exists" may be this call's own earlier attempt; that is resolved there.
        return await IdempotentCreate.ExecuteAsync(_api, _pipeline, resourceServer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ResourceServer> GetAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default)
    {
        RequestValidator.ValidateKey(userPoolId, identifier);
        var request = new DescribeResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier };
        var response = await _pipeline.ExecuteAsync(
            static (state, ct) => new ValueTask<DescribeResourceServerResponse>(state.api.DescribeResourceServerAsync(state.request, ct)),
            (api: _api, request),
            cancellationToken).ConfigureAwait(false);
        return WireMapping.ToModel(response.ResourceServer, userPoolId, identifier);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ResourceServer> ListAsync(string userPoolId, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        // Validated here, eagerly, so a bad argument throws at the call rather than at the first MoveNextAsync.
        RequestValidator.ValidateUserPoolId(userPoolId, "UserPoolId");
        RequestValidator.ValidatePageSize(pageSize, "MaxResults");
        return ListCore(userPoolId, pageSize, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ResourceServer> UpdateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default)
    {
        RequestValidator.ValidateResourceServer(resourceServer);
        var request = WireMapping.ToUpdateRequest(resourceServer);
        var response = await _pipeline.ExecuteAsync(
            static (state, ct) => new ValueTask<UpdateResourceServerResponse>(state.api.UpdateResourceServerAsync(state.request, ct)),
            (api: _api, request),
            cancellationToken).ConfigureAwait(false);
        return WireMapping.ToModel(response.ResourceServer, resourceServer.UserPoolId, resourceServer.Identifier);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default)
    {
        RequestValidator.ValidateKey(userPoolId, identifier);
        var request = new DeleteResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier };
        await _pipeline.ExecuteAsync(
            static async (state, ct) => await state.api.DeleteResourceServerAsync(state.request, ct).ConfigureAwait(false),
            (api: _api, request),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<PatchResult> PatchAsync(string userPoolId, string identifier, ResourceServerPatch patch, CancellationToken cancellationToken = default) =>
        SafeUpdates.PatchAsync(userPoolId, identifier, patch, cancellationToken);

    /// <inheritdoc />
    public Task<ResourceServer> UpdateIfUnchangedAsync(ResourceServer expected, ResourceServer desired, CancellationToken cancellationToken = default) =>
        SafeUpdates.UpdateIfUnchangedAsync(expected, desired, cancellationToken);

    /// <inheritdoc />
    public Task<EnsureResult> EnsureAsync(ResourceServer desired, CancellationToken cancellationToken = default) =>
        SafeUpdates.EnsureAsync(desired, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EnsureResult>> EnsureAllAsync(string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted = false, CancellationToken cancellationToken = default) =>
        SafeUpdates.EnsureAllAsync(userPoolId, desired, deleteUnlisted, cancellationToken);

    /// <inheritdoc />
    public Task<ResourceServerPlan> PlanAsync(ResourceServer desired, CancellationToken cancellationToken = default) =>
        SafeUpdates.PlanAsync(desired, cancellationToken);

    // Calls the port directly inside one pipeline execution per unit, never the pipelined methods above.
    private ReadModifyWrite SafeUpdates => new(_api, _pipeline, _updateLocks);

    private async IAsyncEnumerable<ResourceServer> ListCore(string userPoolId, int? pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? nextToken = null;
        do
        {
            // A new request per page: nothing is mutated between pages, and a retry repeats only this page.
            var request = new ListResourceServersRequest { UserPoolId = userPoolId, MaxResults = pageSize, NextToken = nextToken };
            var page = await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<ListResourceServersResponse>(state.api.ListResourceServersAsync(state.request, ct)),
                (api: _api, request),
                cancellationToken).ConfigureAwait(false);
            foreach (var item in page.ResourceServers)
            {
                yield return WireMapping.ToModel(item, userPoolId);
            }

            nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (nextToken is not null);
    }
}
