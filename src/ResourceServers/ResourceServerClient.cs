using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Polly;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// The <see cref="IResourceServerClient"/>: validates each request against the service model, then sends it down one
/// call path (resilience pipeline, pacing at Cognito's quotas, the wire port) and maps the answer to immutable models.
/// Thread-safe; keep one per account and Region (a singleton), so pacing sees all of its calls.
/// </summary>
/// <remarks>
/// <para>Build it by hand with <c>new ResourceServerClient(options)</c>, or register it with
/// <c>services.AddResourceServerClient(...)</c>: both compose it the same way, with the same defaults.</para>
/// <para>Each operation is reported as one span, one duration measurement and one log event, and each request to
/// Cognito as a child span with its attempt number and AWS request id (see <see cref="ResourceServerTelemetry"/>).</para>
/// </remarks>
public sealed class ResourceServerClient : IResourceServerClient
{
    private readonly CognitoCallPath _path;
    private readonly ReadModifyWrite _safeUpdates;
    private readonly int? _defaultPageSize;

    /// <summary>
    /// Creates a client with the library's defaults: the HTTP transport (SigV4, redirects never followed), pacing at
    /// Cognito's published quotas and the Cognito-matched resilience pipeline, as dependency injection does.
    /// </summary>
    /// <param name="options">Region, endpoint, credentials, page size, retries, timeouts and pacing; the defaults when null (Region, endpoint and credentials then come from the environment and the AWS profile, as the AWS CLI takes them).</param>
    /// <param name="api">A wire port to call instead of Cognito over HTTP, e.g. the test kit's in-memory Cognito; the options' Region, endpoint and credentials are then not used.</param>
    /// <param name="httpClient">
    /// The HTTP client for the transport; not disposed by the client. When null, a shared client of the library's that
    /// follows no redirects. Yours must not follow them either (<c>new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })</c>):
    /// a handler that follows one sends the signed request on to the other host before any answer is seen; the call
    /// then fails with <see cref="CognitoErrorCodes.MalformedResponse"/> rather than reporting success.
    /// </param>
    /// <param name="loggerFactory">Where log events go (category <c>ResourceServers.ResourceServerClient</c>); none when null.</param>
    /// <param name="meterFactory">Creates the <see cref="ResourceServerTelemetry.MeterName"/> meter; a process-wide meter when null.</param>
    /// <param name="timeProvider">The clock for backoff, timeouts, pacing and signing; the system clock when null.</param>
    /// <param name="coordination">Distributed locks and shared pacing for a client that shares resource servers and quotas with other processes (e.g. <c>RedisCoordination.Create</c> of ResourceServers.Redis); in-process only when null.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid, or no Region is found; the message names the setting (e.g. <c>ResourceServers:Region</c>).</exception>
    public ResourceServerClient(
        ResourceServerClientOptions? options = null,
        ICognitoResourceServerApi? api = null,
        HttpClient? httpClient = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null,
        ResourceServerCoordination? coordination = null)
        : this(ClientComposition.Compose(options ??= new ResourceServerClientOptions(), api, httpClient is null ? null : () => httpClient, aws: null, pipeline: null, loggerFactory, meterFactory, timeProvider, coordination), options.DefaultPageSize, options.GrantRevocation)
    {
    }

    internal ResourceServerClient(ComposedClient composed, int? defaultPageSize, GrantRevocation grantRevocation)
    {
        if (defaultPageSize is < ResourceServerValidator.MinPageSize or > ResourceServerValidator.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(defaultPageSize), defaultPageSize, $"The default page size must be {ResourceServerValidator.MinPageSize}..{ResourceServerValidator.MaxPageSize}.");
        }

        var path = composed.Path;
        Connection = composed.Connection;
        _path = path;
        _safeUpdates = new ReadModifyWrite(path, grantRevocation, (operation, userPoolId, ct) => GrantReader.ReadAsync(path, operation, userPoolId, ct));
        _defaultPageSize = defaultPageSize;
    }

    /// <summary>
    /// Where this client calls Cognito and as whom (Region, endpoint, profile, kind of credentials, each with its
    /// source), as resolved when it was built and logged then at Information; null when a wire port given as
    /// <c>api</c> (or <c>UseApi</c>) replaced the HTTP transport.
    /// </summary>
    public ResourceServerConnection? Connection { get; }

    /// <inheritdoc />
    public async Task<ResourceServer> CreateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default)
    {
        using var operation = _path.Begin("Create", isWrite: true, resourceServer?.UserPoolId, resourceServer?.Identifier);
        try
        {
            ResourceServerValidator.Validate(resourceServer);

            // A retried create answered "already exists" may be this call's own earlier attempt; Writes resolves that.
            return await _path.ExecuteAsync(
                operation,
                (path: _path, operation, resourceServer, attempts: new WriteAttempts()),
                static async (s, ct) => await Writes.CreateAsync(s.path, s.operation, s.resourceServer, s.attempts, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (operation.Fail(e, cancellationToken) is var failure && failure != e)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task<ResourceServer> GetAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default)
    {
        using var operation = _path.Begin("Get", isWrite: false, userPoolId, identifier);
        try
        {
            ResourceServerValidator.ValidateKey(userPoolId, identifier);
            return await _path.ExecuteAsync(
                operation,
                (path: _path, operation, userPoolId, identifier),
                static (s, ct) => new ValueTask<ResourceServer>(s.path.DescribeAsync(s.operation, s.userPoolId, s.identifier, ct)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (operation.Fail(e, cancellationToken) is var failure && failure != e)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task<ResourceServer?> FindAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default)
    {
        using var operation = _path.Begin("Find", isWrite: false, userPoolId, identifier);
        try
        {
            ResourceServerValidator.ValidateKey(userPoolId, identifier);
            return await _path.ExecuteAsync(
                operation,
                (path: _path, operation, userPoolId, identifier),
                static (s, ct) => new ValueTask<ResourceServer?>(s.path.FindAsync(s.operation, s.userPoolId, s.identifier, ct)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (operation.Fail(e, cancellationToken) is var failure && failure != e)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ResourceServer> ListAsync(string userPoolId, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        // Validated here, eagerly, so a bad argument throws at the call rather than at the first MoveNextAsync.
        ResourceServerValidator.ValidateUserPoolId(userPoolId, "UserPoolId");
        ResourceServerValidator.ValidatePageSize(pageSize, nameof(pageSize));
        return _path.ListAsync(operation: null, userPoolId, pageSize ?? _defaultPageSize, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserPoolSummary> ListUserPoolsAsync(CancellationToken cancellationToken = default) =>
        _path.ListUserPoolsAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<ResourceServer> UpdateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default)
    {
        using var operation = _path.Begin("Update", isWrite: true, resourceServer?.UserPoolId, resourceServer?.Identifier);
        try
        {
            ResourceServerValidator.Validate(resourceServer);
            return await _safeUpdates.ReplaceAsync(operation, resourceServer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (operation.Fail(e, cancellationToken) is var failure && failure != e)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default) =>
        await DeleteCoreAsync("Delete", userPoolId, identifier, missingIsSuccess: false, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<bool> DeleteIfExistsAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default) =>
        DeleteCoreAsync("DeleteIfExists", userPoolId, identifier, missingIsSuccess: true, cancellationToken);

    /// <inheritdoc />
    public Task<ResourceServerChange> PatchAsync(string userPoolId, string identifier, ResourceServerPatch patch, CancellationToken cancellationToken = default) =>
        ObserveAsync("Patch", isWrite: true, userPoolId, identifier, (userPoolId, identifier, patch), static (u, op, s, ct) => u.PatchAsync(op, s.userPoolId, s.identifier, s.patch, ct), cancellationToken);

    /// <inheritdoc />
    public Task<ResourceServerChange> UpdateIfUnchangedAsync(ResourceServer expected, ResourceServer desired, CancellationToken cancellationToken = default) =>
        ObserveAsync("UpdateIfUnchanged", isWrite: true, desired?.UserPoolId, desired?.Identifier, (expected, desired), static (u, op, s, ct) => u.UpdateIfUnchangedAsync(op, s.expected, s.desired!, ct), cancellationToken);

    /// <inheritdoc />
    public Task<ResourceServerChange> EnsureAsync(ResourceServer desired, CancellationToken cancellationToken = default) =>
        ObserveAsync("Ensure", isWrite: true, desired?.UserPoolId, desired?.Identifier, desired, static (u, op, d, ct) => u.EnsureAsync(op, d!, ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ResourceServerChange>> EnsureAllAsync(string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted = false, CancellationToken cancellationToken = default) =>
        ObserveAsync("EnsureAll", isWrite: true, userPoolId, null, (userPoolId, desired, deleteUnlisted), static (u, op, s, ct) => u.EnsureAllAsync(op, s.userPoolId, s.desired, s.deleteUnlisted, ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ResourceServerChange>> PlanAllAsync(string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted = false, CancellationToken cancellationToken = default) =>
        ObserveAsync("PlanAll", isWrite: false, userPoolId, null, (userPoolId, desired, deleteUnlisted), static (u, op, s, ct) => u.PlanAllAsync(op, s.userPoolId, s.desired, s.deleteUnlisted, ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UserPoolResult>> EnsurePoolsAsync(IEnumerable<DesiredUserPool> pools, bool deleteUnlisted = false, IProgress<ResourceServerChange>? progress = null, CancellationToken cancellationToken = default)
    {
        var list = ConcurrentPools.Validate(pools, nameof(pools), p => p.UserPoolId, p => ReadModifyWrite.ValidateSet(p.UserPoolId, p.ResourceServers));

        // Each pool is one EnsureAll operation (its own span, log event and deadline), so its failure is its own.
        return ConcurrentPools.RunAsync(
            list,
            p => p.UserPoolId,
            (pool, done, ct) => ObserveAsync("EnsureAll", isWrite: true, pool.UserPoolId, null, (pool, deleteUnlisted, done, progress), static async (u, op, s, ct) =>
            {
                await u.EnsureAllAsync(op, s.pool.UserPoolId, s.pool.ResourceServers, s.deleteUnlisted, s.done, s.progress, ct).ConfigureAwait(false);
                return true;
            }, ct),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserPoolResult>> PlanPoolsAsync(IEnumerable<DesiredUserPool> pools, bool deleteUnlisted = false, CancellationToken cancellationToken = default)
    {
        var list = ConcurrentPools.Validate(pools, nameof(pools), p => p.UserPoolId, p => ReadModifyWrite.ValidateSet(p.UserPoolId, p.ResourceServers));
        return ConcurrentPools.RunAsync(
            list,
            p => p.UserPoolId,
            (pool, done, ct) => ObserveAsync("PlanAll", isWrite: false, pool.UserPoolId, null, (pool, deleteUnlisted, done), static async (u, op, s, ct) =>
            {
                s.done.AddRange(await u.PlanAllAsync(op, s.pool.UserPoolId, s.pool.ResourceServers, s.deleteUnlisted, ct).ConfigureAwait(false));
                return true;
            }, ct),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserPoolResult>> ApplyPlansAsync(IEnumerable<UserPoolResult> plans, IProgress<ResourceServerChange>? progress = null, CancellationToken cancellationToken = default)
    {
        var list = ConcurrentPools.Validate(plans, nameof(plans), p => p.UserPoolId, p =>
        {
            if (p.Succeeded)
            {
                ReadModifyWrite.ValidatePlans(p.UserPoolId, p.Changes);
            }
        });

        // A pool that could not be planned keeps its error and is not touched.
        var planned = list.Where(p => p.Succeeded).ToList();
        var applied = await ConcurrentPools.RunAsync(
            planned,
            p => p.UserPoolId,
            (plan, done, ct) => ObserveAsync("ApplyPlan", isWrite: true, plan.UserPoolId, null, (plan, done, progress), static async (u, op, s, ct) =>
            {
                await u.ApplyPlanAsync(op, s.plan.UserPoolId, s.plan.Changes, s.done, s.progress, ct).ConfigureAwait(false);
                return true;
            }, ct),
            cancellationToken).ConfigureAwait(false);
        var byPool = applied.ToDictionary(r => r.UserPoolId, StringComparer.Ordinal);
        return [.. list.Select(p => p.Succeeded ? byPool[p.UserPoolId] : p)];
    }

    /// <inheritdoc />
    public Task<ResourceServerChange> PlanAsync(ResourceServer desired, CancellationToken cancellationToken = default) =>
        ObserveAsync("Plan", isWrite: false, desired?.UserPoolId, desired?.Identifier, desired, static (u, op, d, ct) => u.PlanAsync(op, d!, ct), cancellationToken);

    private async Task<bool> DeleteCoreAsync(string name, string userPoolId, string identifier, bool missingIsSuccess, CancellationToken cancellationToken)
    {
        using var operation = _path.Begin(name, isWrite: true, userPoolId, identifier);
        try
        {
            ResourceServerValidator.ValidateKey(userPoolId, identifier);

            return await _safeUpdates.DeleteAsync(operation, userPoolId, identifier, missingIsSuccess, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (operation.Fail(e, cancellationToken) is var failure && failure != e)
        {
            throw failure;
        }
    }

    private async Task<TResult> ObserveAsync<TState, TResult>(
        string name,
        bool isWrite,
        string? userPoolId,
        string? identifier,
        TState state,
        Func<ReadModifyWrite, OperationScope, TState, CancellationToken, Task<TResult>> body,
        CancellationToken cancellationToken)
    {
        using var operation = _path.Begin(name, isWrite, userPoolId, identifier);
        try
        {
            return await body(_safeUpdates, operation, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (operation.Fail(e, cancellationToken) is var failure && failure != e)
        {
            throw failure;
        }
    }
}
