using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// An in-memory Amazon Cognito with the service's resource-server semantics: the five operations of
/// <see cref="ICognitoResourceServerApi"/> over user pools created with <see cref="CreateUserPoolAsync"/>,
/// validation with the service model's constraints, the per-pool resource-server limit, optional request-rate
/// quotas, and planned faults (<see cref="Faults"/>). Plug it under <see cref="ResourceServerClient"/> in unit tests,
/// or serve it over HTTP with the test kit's emulator. Thread-safe.
/// </summary>
/// <remarks>
/// <para>UpdateResourceServer replaces the name and the whole scope list, as the service does: an update without
/// Scopes leaves the resource server with no scopes.</para>
/// <para>Every resource-server call is processed in this order: counted in <see cref="Statistics"/>; handed to the
/// <see cref="FaultPlan.BeforeServing"/> hook, if any; delayed and then failed if the <see cref="Faults"/> plan says so;
/// throttled when <see cref="InMemoryCognitoOptions.EnforceRateQuotas"/> is on and a quota is exceeded; validated;
/// applied; handed to the <see cref="FaultPlan.AfterServing"/> hook, if any; and, only when planned with
/// <see cref="FaultPlan.FailNextAfterApplying"/>, failed after all. Only the applying step changes state, so a call
/// that fails before it changes nothing.</para>
/// <para>Objects passed in and returned are copies: callers cannot change what is stored.</para>
/// </remarks>
public sealed class InMemoryCognito : ICognitoResourceServerApi
{
    /// <summary>Page size of ListResourceServers when MaxResults is absent: the largest the model allows.</summary>
    public const int DefaultListResourceServersPageSize = ResourceServerValidator.MaxPageSize;

    private const string PoolIdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int PoolIdSuffixLength = 9;
    private const int MaxPoolNameLength = 128;
    private const int MaxListUserPoolsPageSize = 60;
    private const string UserPoolListing = "userpools";

    private readonly InMemoryCognitoOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RateQuotaEnforcer? _quotas;
    private readonly ConcurrentDictionary<string, PoolState> _pools = new(StringComparer.Ordinal);
    private readonly Lock _poolsGate = new();
    private readonly ConcurrentDictionary<CognitoOperation, long> _receivedPerOperation = new();

    // Each operation's semantics, looked up by its descriptor: Func<TRequest, requestId, TResponse>.
    private readonly Dictionary<CognitoOperation, Delegate> _handlers;

    /// <summary>Creates an empty in-memory Cognito.</summary>
    /// <param name="options">Its settings; the defaults when null. They are copied and checked here.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public InMemoryCognito(InMemoryCognitoOptions? options = null)
    {
        _options = (options ?? new InMemoryCognitoOptions()).CloneValidated();
        _timeProvider = _options.TimeProvider;
        _quotas = _options.EnforceRateQuotas ? new RateQuotaEnforcer(_options.Quotas, _options.QuotaModel, _timeProvider) : null;
        _handlers = new Dictionary<CognitoOperation, Delegate>
        {
            [CognitoOperation.CreateResourceServer] = (Func<CreateResourceServerRequest, string, CreateResourceServerResponse>)CreateCore,
            [CognitoOperation.DescribeResourceServer] = (Func<DescribeResourceServerRequest, string, DescribeResourceServerResponse>)DescribeCore,
            [CognitoOperation.ListResourceServers] = (Func<ListResourceServersRequest, string, ListResourceServersResponse>)ListCore,
            [CognitoOperation.UpdateResourceServer] = (Func<UpdateResourceServerRequest, string, UpdateResourceServerResponse>)UpdateCore,
            [CognitoOperation.DeleteResourceServer] = (Func<DeleteResourceServerRequest, string, DeleteResourceServerResponse>)DeleteCore,
            [CognitoOperation.ListUserPoolClients] = (Func<ListUserPoolClientsRequest, string, ListUserPoolClientsResponse>)ListClientsCore,
            [CognitoOperation.DescribeUserPoolClient] = (Func<DescribeUserPoolClientRequest, string, DescribeUserPoolClientResponse>)((r, id) => new DescribeUserPoolClientResponse { UserPoolClient = DescribeClientCore(r, id).ToWire(), RequestId = id }),
            [CognitoOperation.ListUserPools] = (Func<ListUserPoolsRequest, string, ListUserPoolsResponse>)ListUserPoolsCore,
        };
    }

    /// <summary>A copy of the settings in force; changing it has no effect on this instance.</summary>
    public InMemoryCognitoOptions Options => _options.CloneValidated();

    /// <summary>The Region this instance stands for; the prefix of its user pool ids.</summary>
    public string Region => _options.Region;

    /// <summary>The faults planned for the resource-server operations.</summary>
    public FaultPlan Faults { get; } = new();

    /// <summary>Counts of the resource-server calls received, per operation.</summary>
    public CognitoCallStatistics Statistics { get; } = new();

    /// <summary>Whether calls are throttled at Cognito's rate quotas (<see cref="InMemoryCognitoOptions.EnforceRateQuotas"/>).</summary>
    public bool EnforcesRateQuotas => _quotas is not null;

    /// <summary>
    /// A client over this in-memory Cognito with the library's defaults, as <c>UseInMemoryCognito</c> registers one:
    /// paced only when <see cref="EnforcesRateQuotas"/> (pacing an instance that enforces nothing only slows tests).
    /// </summary>
    /// <param name="options">The client's settings, used as given (pacing included); when null, the defaults with pacing as above. Region, endpoint and credentials are not used.</param>
    /// <returns>A client whose calls go to this instance.</returns>
    public ResourceServerClient CreateClient(ResourceServerClientOptions? options = null)
    {
        if (options is null)
        {
            options = new ResourceServerClientOptions();
            options.Resilience.Pacing.Enabled = EnforcesRateQuotas;
        }

        return new ResourceServerClient(options, api: this, timeProvider: _timeProvider);
    }

    /// <summary>Creates a user pool with a fresh id <c>{Region}_{9 letters or digits}</c>. Names need not be unique, as in the service.</summary>
    /// <param name="poolName">The pool name: 1..128 characters of <c>[\w\s+=,.@-]</c> (ASCII).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new pool.</returns>
    /// <exception cref="CognitoServiceException">InvalidParameterException: The name breaks the model's constraints.</exception>
    /// <exception cref="CognitoServiceException">LimitExceededException: The instance already holds <see cref="InMemoryCognitoOptions.MaxUserPools"/> pools.</exception>
    public Task<UserPool> CreateUserPoolAsync(string poolName, CancellationToken cancellationToken = default) =>
        RunSync(cancellationToken, () =>
        {
            WireRequestValidator.Run(poolName, null, static name =>
            {
                ResourceServerValidator.ValidateName(name, "PoolName");
                if (name.Length > MaxPoolNameLength)
                {
                    throw new ResourceServerValidationException(
                        "PoolName",
                        $"length must be 1..{MaxPoolNameLength.ToString(CultureInfo.InvariantCulture)}",
                        $"length was {name.Length.ToString(CultureInfo.InvariantCulture)}");
                }
            });

            lock (_poolsGate)
            {
                if (_pools.Count >= _options.MaxUserPools)
                {
                    throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, $"This instance already holds {_options.MaxUserPools.ToString(CultureInfo.InvariantCulture)} user pools, the most InMemoryCognitoOptions.MaxUserPools allows.");
                }

                var now = _timeProvider.GetUtcNow();
                while (true)
                {
                    var id = $"{_options.Region}_{RandomNumberGenerator.GetString(PoolIdAlphabet, PoolIdSuffixLength)}";
                    var pool = new UserPool(id, poolName, now, now);
                    if (_pools.TryAdd(id, new PoolState(pool)))
                    {
                        return pool;
                    }
                }
            }
        });

    /// <summary>Reads a user pool.</summary>
    /// <param name="userPoolId">The pool id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="CognitoServiceException">InvalidParameterException: The id breaks the model's constraints.</exception>
    /// <exception cref="ResourceServerNotFoundException">No such pool.</exception>
    public Task<UserPool> DescribeUserPoolAsync(string userPoolId, CancellationToken cancellationToken = default) =>
        RunSync(cancellationToken, () =>
        {
            ValidatePoolId(userPoolId, null);
            return GetPool(userPoolId, null).Pool;
        });

    /// <summary>Lists user pools one page at a time, ordered by id (ordinal).</summary>
    /// <param name="maxResults">The page size, 1..60 as in the service.</param>
    /// <param name="nextToken">The token of the page to read; null for the first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the token of the next one, null on the last.</returns>
    /// <exception cref="CognitoServiceException">InvalidParameterException: The page size is out of range, or the token was not issued by this operation.</exception>
    public Task<UserPoolPage> ListUserPoolsAsync(int maxResults, string? nextToken = null, CancellationToken cancellationToken = default) =>
        RunSync(cancellationToken, () => ListUserPools(maxResults, nextToken, maxResults));

    // One page of the pools, for the kit's own call and the wire's ListUserPools alike; pageSize is maxResults or less.
    private UserPoolPage ListUserPools(int maxResults, string? nextToken, int pageSize)
    {
        if (maxResults is < 1 or > MaxListUserPoolsPageSize)
        {
            throw WireRequestValidator.Invalid(
                "MaxResults",
                $"must be 1..{MaxListUserPoolsPageSize.ToString(CultureInfo.InvariantCulture)} (it was {maxResults.ToString(CultureInfo.InvariantCulture)})",
                null);
        }

        var after = ReadToken(nextToken, UserPoolListing, "the user pool list", null);
        var pools = _pools.Values
            .Select(static s => s.Pool)
            .Where(p => after is null || string.CompareOrdinal(p.Id, after) > 0)
            .OrderBy(static p => p.Id, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var more = pools.Count > pageSize;
        if (more)
        {
            pools.RemoveAt(pageSize);
        }

        return new UserPoolPage(pools.AsReadOnly(), more ? PageToken.Encode(UserPoolListing, pools[^1].Id) : null);
    }

    /// <summary>Deletes a user pool and every resource server in it.</summary>
    /// <param name="userPoolId">The pool id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the pool is gone.</returns>
    /// <exception cref="CognitoServiceException">InvalidParameterException: The id breaks the model's constraints.</exception>
    /// <exception cref="ResourceServerNotFoundException">No such pool.</exception>
    public Task DeleteUserPoolAsync(string userPoolId, CancellationToken cancellationToken = default) =>
        RunSync(cancellationToken, () =>
        {
            ValidatePoolId(userPoolId, null);
            PoolState? state;
            lock (_poolsGate)
            {
                if (!_pools.TryRemove(userPoolId, out state))
                {
                    throw PoolNotFound(userPoolId, null);
                }
            }

            lock (state.Gate)
            {
                // Calls that looked the pool up before the removal see this and answer ResourceNotFoundException.
                state.Deleted = true;
                state.Servers.Clear();
            }

            return true;
        });

    /// <inheritdoc />
    /// <remarks>
    /// Serves the resource-server operations of <see cref="CognitoOperation"/>; any other fails with
    /// <c>UnknownOperationException</c>. Pages of ListResourceServers are in ordinal order of identifier, MaxResults
    /// defaults to <see cref="DefaultListResourceServersPageSize"/>, and the NextToken is opaque and bound to the pool.
    /// </remarks>
    /// <exception cref="CognitoServiceException">InvalidParameterException: A member breaks the model's constraints, a created identifier already exists, or a NextToken was not issued for the pool.</exception>
    /// <exception cref="ResourceServerNotFoundException">No such pool or resource server.</exception>
    /// <exception cref="CognitoServiceException">LimitExceededException: A create in a pool that already holds <see cref="InMemoryCognitoOptions.MaxResourceServersPerPool"/> resource servers.</exception>
    public Task<TResponse> SendAsync<TRequest, TResponse>(CognitoOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : CognitoResponse
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        return _handlers.GetValueOrDefault(operation) is Func<TRequest, string, TResponse> apply
            ? ExecuteAsync(operation, operation.UserPoolIdOf(request), request, apply, cancellationToken)
            : Task.FromException<TResponse>(CognitoServiceException.FromErrorCode("UnknownOperationException", $"The in-memory Cognito does not serve {operation.Name}."));
    }

    /// <summary>
    /// Creates an app client (CreateUserPoolClient) that grants <paramref name="allowedOAuthScopes"/>, as the service
    /// does: a custom scope (<c>identifier/scope</c>) must name a scope of a resource server of the pool, else
    /// <c>ScopeDoesNotExistException</c>; <c>openid</c>, <c>email</c>, <c>phone</c>, <c>profile</c> and
    /// <c>aws.cognito.signin.user.admin</c> need none. The library reads app clients and never writes them; tests make them here.
    /// </summary>
    /// <param name="userPoolId">The pool.</param>
    /// <param name="clientName">The app client name: 1..128 characters of <c>[\w\s+=,.@-]</c> (ASCII).</param>
    /// <param name="allowedOAuthScopes">The scopes it grants, at most 50; none when null.</param>
    /// <param name="generateSecret">Whether it gets a secret, which the emulator then sends in DescribeUserPoolClient as the service does.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The app client, secret included.</returns>
    /// <exception cref="CognitoServiceException">ScopeDoesNotExistException: A custom scope names no scope of the pool. InvalidParameterException: A member breaks the model's constraints. LimitExceededException: The pool holds 1000 app clients.</exception>
    /// <exception cref="ResourceServerNotFoundException">No such pool.</exception>
    public Task<InMemoryAppClient> CreateUserPoolClientAsync(string userPoolId, string clientName, IEnumerable<string>? allowedOAuthScopes = null, bool generateSecret = false, CancellationToken cancellationToken = default)
    {
        var scopes = allowedOAuthScopes?.ToArray();
        return RunSync(cancellationToken, () =>
        {
            ValidatePoolId(userPoolId, null);
            var state = GetPool(userPoolId, null);
            lock (state.Gate)
            {
                EnsureNotDeleted(state, null);
                return state.AppClients.Create(userPoolId, clientName, scopes, generateSecret, state.Servers, _timeProvider.GetUtcNow(), null);
            }
        });
    }

    /// <summary>Deletes an app client (DeleteUserPoolClient).</summary>
    /// <param name="userPoolId">The pool.</param>
    /// <param name="clientId">The app client id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when it is gone.</returns>
    /// <exception cref="CognitoServiceException">InvalidParameterException: A member breaks the model's constraints.</exception>
    /// <exception cref="ResourceServerNotFoundException">No such pool or app client.</exception>
    public Task DeleteUserPoolClientAsync(string userPoolId, string clientId, CancellationToken cancellationToken = default) =>
        RunSync(cancellationToken, () =>
        {
            ValidatePoolId(userPoolId, null);
            AppClientStore.ValidateClientId(clientId, null);
            var state = GetPool(userPoolId, null);
            lock (state.Gate)
            {
                EnsureNotDeleted(state, null);
                state.AppClients.Delete(userPoolId, clientId, null);
                return true;
            }
        });

    /// <summary>DescribeUserPoolClient as stored, secret included, counted and paced like the port's: what the emulator sends, as the service does.</summary>
    internal Task<InMemoryAppClient> DescribeStoredUserPoolClientAsync(DescribeUserPoolClientRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync(CognitoOperation.DescribeUserPoolClient, request.UserPoolId, request, DescribeClientCore, cancellationToken);
    }

    private static Task<T> RunSync<T>(CancellationToken cancellationToken, Func<T> body)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(body());
        }
        catch (Exception e) when (e is CognitoServiceException)
        {
            return Task.FromException<T>(e);
        }
    }

    private async Task<TResponse> ExecuteAsync<TRequest, TResponse>(
        CognitoOperation operation,
        string? userPoolId,
        TRequest request,
        Func<TRequest, string, TResponse> apply,
        CancellationToken cancellationToken)
    {
        Statistics.RecordReceived(operation);
        var received = new ReceivedCognitoRequest(operation, request!, userPoolId, _receivedPerOperation.AddOrUpdate(operation, 1, static (_, n) => n + 1), _timeProvider.GetUtcNow());
        cancellationToken.ThrowIfCancellationRequested();
        var requestId = Guid.NewGuid().ToString();

        if (Faults.HookBefore(operation) is { } before)
        {
            await before(received, cancellationToken).ConfigureAwait(false);
        }

        var delay = Faults.TakeDelay(operation);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (Faults.TakeFault(operation) is { } kind)
        {
            Statistics.RecordFault(operation, kind);
            throw CreateFault(kind, requestId);
        }

        TResponse response;
        try
        {
            if (_quotas is not null)
            {
                var counters = userPoolId is not null && _pools.TryGetValue(userPoolId, out var pool) ? pool.QuotaCounters : null;
                var misdated = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * _options.ArrivalJitter.Ticks));
                if (!_quotas.TryAcquire(operation, counters, out var exceeded, misdated))
                {
                    Statistics.RecordThrottled(operation);
                    throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, $"Too many requests: {exceeded}.", requestId: requestId);
                }
            }

            response = apply(request, requestId);
        }
        finally
        {
            // Counted and applied now; the answer, whichever it is, takes the service's time to come back.
            if (_options.ServiceDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.ServiceDelay, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (Faults.HookAfter(operation) is { } after)
        {
            await after(received, cancellationToken).ConfigureAwait(false);
        }

        if (Faults.TakeFaultAfterApplying(operation) is { } lost)
        {
            // Stored, but the caller never hears so: counted as a fault, not a success.
            Statistics.RecordFault(operation, lost);
            throw CreateFault(lost, requestId);
        }

        Statistics.RecordSucceeded(operation);
        return response;
    }

    private static Exception CreateFault(FaultKind kind, string requestId) => kind switch
    {
        FaultKind.TooManyRequests => CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Too many requests (injected by FaultPlan).", requestId: requestId),
        FaultKind.FrontEndThrottling => CognitoServiceException.FromErrorCode("ThrottlingException", "Rate exceeded (injected by FaultPlan).", requestId: requestId),
        FaultKind.InternalError => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "Internal error (injected by FaultPlan).", requestId: requestId),
        FaultKind.HtmlErrorPage => new InjectedHtmlErrorPageException(requestId),
        FaultKind.DroppedConnection => new InjectedConnectionDropException(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a FaultKind."),
    };

    private CreateResourceServerResponse CreateCore(CreateResourceServerRequest request, string requestId)
    {
        WireRequestValidator.Validate(request, requestId);
        var state = GetPool(request.UserPoolId, requestId);
        var stored = Freeze(request.UserPoolId, request.Identifier, request.Name, request.Scopes);
        lock (state.Gate)
        {
            EnsureNotDeleted(state, requestId);
            if (state.Servers.ContainsKey(request.Identifier))
            {
                throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, $"A resource server with identifier {request.Identifier} already exists in user pool {request.UserPoolId}.",
                    requestId: requestId);
            }

            if (state.Servers.Count >= _options.MaxResourceServersPerPool)
            {
                throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, $"User pool {request.UserPoolId} already has {_options.MaxResourceServersPerPool.ToString(CultureInfo.InvariantCulture)} resource servers, the most it may hold.",
                    requestId: requestId);
            }

            state.Servers.Add(request.Identifier, stored);
        }

        return new CreateResourceServerResponse { ResourceServer = Thaw(stored), RequestId = requestId };
    }

    private DescribeResourceServerResponse DescribeCore(DescribeResourceServerRequest request, string requestId)
    {
        WireRequestValidator.Validate(request, requestId);
        var state = GetPool(request.UserPoolId, requestId);
        lock (state.Gate)
        {
            EnsureNotDeleted(state, requestId);
            return new DescribeResourceServerResponse { ResourceServer = Thaw(GetServer(state, request.UserPoolId, request.Identifier, requestId)), RequestId = requestId };
        }
    }

    // The wire's ListUserPools over the same listing ListUserPoolsAsync gives (and the emulator's AWS CLI route serves).
    private ListUserPoolsResponse ListUserPoolsCore(ListUserPoolsRequest request, string requestId)
    {
        var page = ListUserPools(request.MaxResults, request.NextToken, Faults.CappedPageSize(CognitoOperation.ListUserPools, request.MaxResults));
        return new ListUserPoolsResponse
        {
            RequestId = requestId,
            UserPools = [.. page.UserPools.Select(static p => new UserPoolDescriptionType
            {
                Id = p.Id,
                Name = p.Name,
                CreationDate = p.CreationDate.ToUnixTimeMilliseconds() / 1000m,
                LastModifiedDate = p.LastModifiedDate.ToUnixTimeMilliseconds() / 1000m,
            })],
            NextToken = page.NextToken,
        };
    }

    private ListResourceServersResponse ListCore(ListResourceServersRequest request, string requestId)
    {
        WireRequestValidator.Validate(request, requestId);
        var state = GetPool(request.UserPoolId, requestId);
        var after = ReadToken(request.NextToken, request.UserPoolId, $"user pool {request.UserPoolId}", requestId);
        var pageSize = Faults.CappedPageSize(CognitoOperation.ListResourceServers, request.MaxResults ?? DefaultListResourceServersPageSize);
        var page = new List<ResourceServerType>(Math.Min(pageSize, _options.MaxResourceServersPerPool));
        var more = false;
        lock (state.Gate)
        {
            EnsureNotDeleted(state, requestId);
            foreach (var (identifier, server) in state.Servers)
            {
                if (after is not null && string.CompareOrdinal(identifier, after) <= 0)
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    more = true;
                    break;
                }

                page.Add(Thaw(server));
            }
        }

        return new ListResourceServersResponse
        {
            RequestId = requestId,
            ResourceServers = page.AsReadOnly(),
            NextToken = more ? PageToken.Encode(request.UserPoolId, page[^1].Identifier!) : null,
        };
    }

    private UpdateResourceServerResponse UpdateCore(UpdateResourceServerRequest request, string requestId)
    {
        WireRequestValidator.Validate(request, requestId);
        var state = GetPool(request.UserPoolId, requestId);

        // A replace, as in the service: a null Scopes stores no scopes.
        var stored = Freeze(request.UserPoolId, request.Identifier, request.Name, request.Scopes);
        lock (state.Gate)
        {
            EnsureNotDeleted(state, requestId);
            _ = GetServer(state, request.UserPoolId, request.Identifier, requestId);
            state.Servers[request.Identifier] = stored;
        }

        return new UpdateResourceServerResponse { ResourceServer = Thaw(stored), RequestId = requestId };
    }

    private DeleteResourceServerResponse DeleteCore(DeleteResourceServerRequest request, string requestId)
    {
        WireRequestValidator.Validate(request, requestId);
        var state = GetPool(request.UserPoolId, requestId);
        lock (state.Gate)
        {
            EnsureNotDeleted(state, requestId);
            _ = GetServer(state, request.UserPoolId, request.Identifier, requestId);
            state.Servers.Remove(request.Identifier);
        }

        return new DeleteResourceServerResponse { RequestId = requestId };
    }

    private ListUserPoolClientsResponse ListClientsCore(ListUserPoolClientsRequest request, string requestId)
    {
        ValidatePoolId(request.UserPoolId, requestId);
        var state = GetPool(request.UserPoolId, requestId);

        // Bound to the pool's app clients: a resource-server token of the same pool is refused too.
        var listing = request.UserPoolId + "/clients";
        var after = ReadToken(request.NextToken, listing, $"the app clients of user pool {request.UserPoolId}", requestId);
        lock (state.Gate)
        {
            EnsureNotDeleted(state, requestId);
            var (page, last) = state.AppClients.List(request.MaxResults, after, requestId, size => Faults.CappedPageSize(CognitoOperation.ListUserPoolClients, size));
            return new ListUserPoolClientsResponse { UserPoolClients = page, NextToken = last is null ? null : PageToken.Encode(listing, last), RequestId = requestId };
        }
    }

    private InMemoryAppClient DescribeClientCore(DescribeUserPoolClientRequest request, string requestId)
    {
        ValidatePoolId(request.UserPoolId, requestId);
        AppClientStore.ValidateClientId(request.ClientId, requestId);
        var state = GetPool(request.UserPoolId, requestId);
        lock (state.Gate)
        {
            EnsureNotDeleted(state, requestId);
            return state.AppClients.Get(request.UserPoolId, request.ClientId, requestId);
        }
    }

    // Stored values are never handed out: the scope list is copied in and wrapped read-only.
    private static ResourceServerType Freeze(string userPoolId, string identifier, string name, IReadOnlyList<ResourceServerScopeType>? scopes) => new()
    {
        UserPoolId = userPoolId,
        Identifier = identifier,
        Name = name,
        Scopes = Array.AsReadOnly(scopes is null ? [] : scopes.ToArray()),
    };

    // Callers get their own list, so a cast back to a mutable collection cannot reach the store.
    private static ResourceServerType Thaw(ResourceServerType stored) => stored with { Scopes = stored.Scopes!.ToArray() };

    private static void ValidatePoolId(string? userPoolId, string? requestId) =>
        WireRequestValidator.Run(userPoolId, requestId, static id => ResourceServerValidator.ValidateUserPoolId(id, "UserPoolId"));

    private static string? ReadToken(string? token, string listing, string listingName, string? requestId)
    {
        if (token is null)
        {
            return null;
        }

        WireRequestValidator.Run(token, requestId, static t => ResourceServerValidator.ValidateNextToken(t, "NextToken"));
        return PageToken.TryDecode(token, listing, out var after, out var problem)
            ? after
            : throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, $"Invalid NextToken for {listingName}: {problem}.", requestId: requestId);
    }

    private PoolState GetPool(string userPoolId, string? requestId) =>
        _pools.TryGetValue(userPoolId, out var state) ? state : throw PoolNotFound(userPoolId, requestId);

    private static void EnsureNotDeleted(PoolState state, string? requestId)
    {
        if (state.Deleted)
        {
            throw PoolNotFound(state.Pool.Id, requestId);
        }
    }

    private static ResourceServerType GetServer(PoolState state, string userPoolId, string identifier, string requestId) =>
        state.Servers.TryGetValue(identifier, out var server)
            ? server
            : throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, $"Resource server {identifier} does not exist in user pool {userPoolId}.", requestId: requestId);

    private static CognitoServiceException PoolNotFound(string userPoolId, string? requestId) =>
        CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, $"User pool {userPoolId} does not exist.", requestId: requestId);

    private sealed class PoolState(UserPool pool)
    {
        public UserPool Pool { get; } = pool;

        public Lock Gate { get; } = new();

        // Ordinal order is the listing order, so a page token can resume after the last identifier it returned.
        public SortedDictionary<string, ResourceServerType> Servers { get; } = new(StringComparer.Ordinal);

        public bool Deleted { get; set; }

        // Not thread-safe on its own: Gate guards it, as it guards Servers, whose scopes it checks.
        public AppClientStore AppClients { get; } = new();

        // Per-operation rate counters live with the pool, so they go when it goes; RateQuotaEnforcer guards them.
        public IQuotaCounter?[] QuotaCounters { get; } = RateQuotaEnforcer.NewPoolCounters();
    }
}
