using ResourceServers.TestPorts;
using System.Collections.Concurrent;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// A small Cognito stand-in for resilience tests: it stores resource servers as the service does, counts the
/// requests it sees per operation, and plays scripted faults first (fail, apply-then-fail, hang).
/// </summary>
internal sealed class ScriptedCognitoApi : TypedCognitoPort
{
    private readonly ConcurrentDictionary<(string Pool, string Id), ResourceServerType> _store = new();
    private readonly ConcurrentDictionary<CognitoOperation, ConcurrentQueue<Step>> _script = new();
    private readonly ConcurrentDictionary<CognitoOperation, Step> _always = new();
    private readonly ConcurrentDictionary<CognitoOperation, int> _calls = new();

    public int Calls(CognitoOperation operation) => _calls.GetValueOrDefault(operation);

    public int TotalCalls => _calls.Values.Sum();

    /// <summary>
    /// The next call of <paramref name="operation"/> fails with <paramref name="error"/>, without effect; a concurrent
    /// writer's <paramref name="meanwhile"/> runs as it fails.
    /// </summary>
    public ScriptedCognitoApi ThenFail(CognitoOperation operation, Exception error, Action<ScriptedCognitoApi>? meanwhile = null) =>
        Enqueue(operation, new Step(error, ApplyFirst: false, Hang: false, Meanwhile: meanwhile));

    /// <summary>The next call of <paramref name="operation"/> takes effect, then its answer is lost as <paramref name="error"/>.</summary>
    public ScriptedCognitoApi ThenApplyAndFail(CognitoOperation operation, Exception error) => Enqueue(operation, new Step(error, ApplyFirst: true, Hang: false));

    /// <summary>The next call of <paramref name="operation"/> never answers; it ends only when its token is cancelled.</summary>
    public ScriptedCognitoApi ThenHang(CognitoOperation operation) => Enqueue(operation, new Step(null, ApplyFirst: false, Hang: true));

    /// <summary>The next call of <paramref name="operation"/> takes effect, then never answers (until cancelled).</summary>
    public ScriptedCognitoApi ThenApplyAndHang(CognitoOperation operation) => Enqueue(operation, new Step(null, ApplyFirst: true, Hang: true));

    /// <summary>Once the script of <paramref name="operation"/> is used up, every call fails with a fresh error from <paramref name="error"/>.</summary>
    public ScriptedCognitoApi AlwaysFail(CognitoOperation operation, Func<Exception> error) =>
        SetAlways(operation, new Step(null, ApplyFirst: false, Hang: false, Factory: error));

    /// <summary>Once the script of <paramref name="operation"/> is used up, every call hangs.</summary>
    public ScriptedCognitoApi AlwaysHang(CognitoOperation operation) => SetAlways(operation, new Step(null, ApplyFirst: false, Hang: true));

    /// <summary>Ends the standing fault of <paramref name="operation"/>.</summary>
    public ScriptedCognitoApi Heal(CognitoOperation operation)
    {
        _always.TryRemove(operation, out _);
        return this;
    }

    public void Seed(ResourceServerType resourceServer) => _store[(resourceServer.UserPoolId!, resourceServer.Identifier!)] = resourceServer;

    public ResourceServerType? Stored(string userPoolId, string identifier) => _store.GetValueOrDefault((userPoolId, identifier));

    public override Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(CognitoOperation.CreateResourceServer, cancellationToken, () =>
        {
            var stored = new ResourceServerType { UserPoolId = request.UserPoolId, Identifier = request.Identifier, Name = request.Name, Scopes = request.Scopes ?? [] };
            if (!_store.TryAdd((request.UserPoolId, request.Identifier), stored))
            {
                throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, $"{request.Identifier} already exists in user pool {request.UserPoolId}.", requestId: "req-exists");
            }

            return new CreateResourceServerResponse { ResourceServer = stored };
        });

    public override Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(CognitoOperation.DescribeResourceServer, cancellationToken, () =>
            new DescribeResourceServerResponse { ResourceServer = Find(request.UserPoolId, request.Identifier) });

    public override Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(CognitoOperation.ListResourceServers, cancellationToken, () =>
            new ListResourceServersResponse { ResourceServers = [.. _store.Where(kv => kv.Key.Pool == request.UserPoolId).Select(kv => kv.Value)] });

    public override Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(CognitoOperation.UpdateResourceServer, cancellationToken, () =>
        {
            Find(request.UserPoolId, request.Identifier);
            var stored = new ResourceServerType { UserPoolId = request.UserPoolId, Identifier = request.Identifier, Name = request.Name, Scopes = request.Scopes ?? [] };
            _store[(request.UserPoolId, request.Identifier)] = stored;
            return new UpdateResourceServerResponse { ResourceServer = stored };
        });

    public override Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(CognitoOperation.DeleteResourceServer, cancellationToken, () =>
        {
            if (!_store.TryRemove((request.UserPoolId, request.Identifier), out _))
            {
                throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, $"Resource server {request.Identifier} does not exist.");
            }

            return new DeleteResourceServerResponse();
        });

    private ResourceServerType Find(string pool, string id) =>
        _store.TryGetValue((pool, id), out var found) ? found : throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, $"Resource server {id} does not exist.");

    private ScriptedCognitoApi Enqueue(CognitoOperation operation, Step step)
    {
        _script.GetOrAdd(operation, _ => new ConcurrentQueue<Step>()).Enqueue(step);
        return this;
    }

    private ScriptedCognitoApi SetAlways(CognitoOperation operation, Step step)
    {
        _always[operation] = step;
        return this;
    }

    private async Task<T> RunAsync<T>(CognitoOperation operation, CancellationToken cancellationToken, Func<T> apply)
    {
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        cancellationToken.ThrowIfCancellationRequested();
        var step = _script.TryGetValue(operation, out var queue) && queue.TryDequeue(out var next) ? next : _always.GetValueOrDefault(operation);
        if (step is null)
        {
            return apply();
        }

        if (step.ApplyFirst)
        {
            apply();
        }

        step.Meanwhile?.Invoke(this);
        if (step.Hang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        throw step.Factory?.Invoke() ?? step.Error!;
    }

    private sealed record Step(Exception? Error, bool ApplyFirst, bool Hang, Func<Exception>? Factory = null, Action<ScriptedCognitoApi>? Meanwhile = null);
}
