using ResourceServers.TestPorts;
using System.Collections.Concurrent;
using System.Globalization;
using ResourceServers.Wire;

namespace ResourceServers.Tests.TestSupport;

/// <summary>
/// A small, faithful fake of the wire port with the service semantics the safe-update logic depends on:
/// UpdateResourceServer replaces the name and the whole scope list (absent Scopes = none), errors are the service's
/// (ResourceServerNotFoundException, InvalidParameterException "already exists", over 100 scopes), and every call yields
/// before it acts so concurrent callers interleave as they would over a network.
/// </summary>
/// <remarks>
/// Test hooks: <see cref="FailNext"/> injects service errors (before or after the call takes effect),
/// <see cref="BeforeWrite"/> runs before a write takes effect (to simulate another writer), <see cref="Put"/> writes
/// directly as another process would, and the counters say what reached the "service".
/// </remarks>
internal sealed class ReplacingFakeCognito : TypedCognitoPort
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Pool, string Id), ResourceServerType> _store = [];
    private readonly ConcurrentQueue<InjectedFailure> _failures = new();
    private readonly ConcurrentQueue<CognitoOperation> _calls = new();
    private int _creates;
    private int _updates;
    private int _deletes;
    private int _describes;
    private int _lists;

    /// <summary>Runs when a create, update or delete arrives, before any injected failure and before it takes effect.</summary>
    public Func<CognitoOperation, string, Task>? BeforeWrite { get; set; }

    /// <summary>Creates, updates and deletes that took effect.</summary>
    public int Writes => Volatile.Read(ref _creates) + Volatile.Read(ref _updates) + Volatile.Read(ref _deletes);

    public int Creates => Volatile.Read(ref _creates);

    public int Updates => Volatile.Read(ref _updates);

    public int Deletes => Volatile.Read(ref _deletes);

    public int Describes => Volatile.Read(ref _describes);

    public int Lists => Volatile.Read(ref _lists);

    /// <summary>Every call received, in arrival order, including those answered with an injected error.</summary>
    public IReadOnlyList<CognitoOperation> Calls => [.. _calls];

    /// <summary>Page size used when a list request names none.</summary>
    public int DefaultPageSize { get; set; } = 10;

    /// <summary>The most one page holds whatever the request asks: the service may answer fewer than MaxResults, with a NextToken.</summary>
    public int MaxPageSize { get; set; } = 50;

    /// <summary>
    /// Makes the next <paramref name="count"/> calls of <paramref name="operation"/> (any operation when null) fail.
    /// With <paramref name="afterEffect"/>, a write takes effect and then the error is returned (a lost answer).
    /// </summary>
    public void FailNext(int count, CognitoOperation? operation = null, Func<CognitoServiceException>? error = null, bool afterEffect = false)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue(new InjectedFailure(operation, error ?? (() => CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Rate exceeded")), afterEffect));
        }
    }

    /// <summary>Stores a resource server directly, as another process would; not counted.</summary>
    public void Put(ResourceServer server)
    {
        lock (_gate)
        {
            _store[(server.UserPoolId, server.Identifier)] = ToWire(server);
        }
    }

    /// <summary>The stored state, or null.</summary>
    public ResourceServer? Peek(string userPoolId, string identifier)
    {
        lock (_gate)
        {
            return _store.TryGetValue((userPoolId, identifier), out var wire) ? ToModel(wire) : null;
        }
    }

    public override async Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        var failure = await EnterAsync(CognitoOperation.CreateResourceServer, request.Identifier, write: true, cancellationToken);
        ResourceServerType stored;
        lock (_gate)
        {
            var key = (request.UserPoolId, request.Identifier);
            if (_store.ContainsKey(key))
            {
                throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, $"{request.Identifier} already exists in {request.UserPoolId}");
            }

            CheckScopeCount(request.Scopes);
            stored = new ResourceServerType { UserPoolId = request.UserPoolId, Identifier = request.Identifier, Name = request.Name, Scopes = Copy(request.Scopes) };
            _store[key] = stored;
            _creates++;
        }

        ThrowIfAfterEffect(failure);
        return new CreateResourceServerResponse { ResourceServer = stored };
    }

    public override async Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        await EnterAsync(CognitoOperation.DescribeResourceServer, request.Identifier, write: false, cancellationToken);
        lock (_gate)
        {
            _describes++;
            return _store.TryGetValue((request.UserPoolId, request.Identifier), out var wire)
                ? new DescribeResourceServerResponse { ResourceServer = wire }
                : throw NotFound(request.Identifier);
        }
    }

    public override async Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default)
    {
        await EnterAsync(CognitoOperation.ListResourceServers, string.Empty, write: false, cancellationToken);
        lock (_gate)
        {
            _lists++;
            var all = _store.Where(e => e.Key.Pool == request.UserPoolId).OrderBy(e => e.Key.Id, StringComparer.Ordinal).Select(e => e.Value).ToList();
            var start = request.NextToken is null ? 0 : int.Parse(request.NextToken, CultureInfo.InvariantCulture);
            var size = Math.Min(request.MaxResults ?? DefaultPageSize, MaxPageSize);
            var page = all.Skip(start).Take(size).ToList();
            var next = start + size < all.Count ? (start + size).ToString(CultureInfo.InvariantCulture) : null;
            return new ListResourceServersResponse { ResourceServers = page, NextToken = next };
        }
    }

    public override async Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        var failure = await EnterAsync(CognitoOperation.UpdateResourceServer, request.Identifier, write: true, cancellationToken);
        ResourceServerType stored;
        lock (_gate)
        {
            var key = (request.UserPoolId, request.Identifier);
            if (!_store.ContainsKey(key))
            {
                throw NotFound(request.Identifier);
            }

            CheckScopeCount(request.Scopes);

            // The service's replace: the name and the whole scope list; absent Scopes leaves none.
            stored = new ResourceServerType { UserPoolId = request.UserPoolId, Identifier = request.Identifier, Name = request.Name, Scopes = Copy(request.Scopes) };
            _store[key] = stored;
            _updates++;
        }

        ThrowIfAfterEffect(failure);
        return new UpdateResourceServerResponse { ResourceServer = stored };
    }

    public override async Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        var failure = await EnterAsync(CognitoOperation.DeleteResourceServer, request.Identifier, write: true, cancellationToken);
        lock (_gate)
        {
            if (!_store.Remove((request.UserPoolId, request.Identifier)))
            {
                throw NotFound(request.Identifier);
            }

            _deletes++;
        }

        ThrowIfAfterEffect(failure);
        return new DeleteResourceServerResponse();
    }

    private async Task<InjectedFailure?> EnterAsync(CognitoOperation operation, string identifier, bool write, CancellationToken cancellationToken)
    {
        _calls.Enqueue(operation);

        // A real call returns later; yielding lets concurrent callers interleave between read and write.
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();

        if (write && BeforeWrite is { } hook)
        {
            await hook(operation, identifier);
        }

        var failure = TakeFailure(operation);
        if (failure is { AfterEffect: false })
        {
            throw failure.Error();
        }

        return failure;
    }

    private InjectedFailure? TakeFailure(CognitoOperation operation)
    {
        lock (_gate)
        {
            // Only the head is considered, so failures fire in the order they were queued.
            if (_failures.TryPeek(out var head) && (head.Operation is null || head.Operation == operation))
            {
                _failures.TryDequeue(out _);
                return head;
            }

            return null;
        }
    }

    private static void ThrowIfAfterEffect(InjectedFailure? failure)
    {
        if (failure is { AfterEffect: true })
        {
            throw failure.Error();
        }
    }

    private static void CheckScopeCount(IReadOnlyList<ResourceServerScopeType>? scopes)
    {
        if (scopes is { Count: > 100 })
        {
            throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "1 validation error detected: Value at 'scopes' failed to satisfy constraint: Member must have length less than or equal to 100");
        }
    }

    private static CognitoServiceException NotFound(string identifier) => CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, $"Resource server {identifier} does not exist.");

    private static ResourceServerScopeType[]? Copy(IReadOnlyList<ResourceServerScopeType>? scopes) =>
        scopes is null ? null : [.. scopes.Select(s => new ResourceServerScopeType { ScopeName = s.ScopeName, ScopeDescription = s.ScopeDescription })];

    private static ResourceServerType ToWire(ResourceServer server) => new()
    {
        UserPoolId = server.UserPoolId,
        Identifier = server.Identifier,
        Name = server.Name,
        Scopes = server.Scopes.Count == 0 ? null : [.. server.Scopes.Select(s => new ResourceServerScopeType { ScopeName = s.Name, ScopeDescription = s.Description })],
    };

    private static ResourceServer ToModel(ResourceServerType wire) =>
        new(wire.UserPoolId!, wire.Identifier!, wire.Name!, wire.Scopes?.Select(s => new ResourceServerScope(s.ScopeName, s.ScopeDescription)));

    private sealed record InjectedFailure(CognitoOperation? Operation, Func<CognitoServiceException> Error, bool AfterEffect);
}
