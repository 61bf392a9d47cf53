using Polly;
using ResourceServers.Wire;

namespace ResourceServers.Tests;

/// <summary>
/// A wire port whose every call goes down a client's real call path with pacing on (and no pipeline), so pacing tests
/// can drive single wire calls and watch when each is sent.
/// </summary>
internal sealed class PacedPort : ICognitoResourceServerApi
{
    private readonly CognitoCallPath _path;
    private readonly OperationScope _operation;

    private PacedPort(ICognitoResourceServerApi inner, CognitoRequestPacer pacer)
    {
        _path = new CognitoCallPath(inner, ResiliencePipeline.Empty, pacer, ClientTelemetry.Create(null, null), new MultiCallDeadline(new ResourceServerResilienceOptions().MultiCallTimeout, TimeProvider.System));
        _operation = _path.Begin("Test", isWrite: false, userPoolId: null, identifier: null);
        Pacer = pacer;
    }

    public CognitoRequestPacer Pacer { get; }

    /// <summary>Paces <paramref name="inner"/> as a client with <paramref name="resilience"/> would; the port itself when pacing is off.</summary>
    public static ICognitoResourceServerApi Over(ICognitoResourceServerApi inner, ResourceServerResilienceOptions resilience, TimeProvider? timeProvider = null) =>
        ClientComposition.CreatePacer(resilience, timeProvider ?? TimeProvider.System) is { } pacer ? new PacedPort(inner, pacer) : inner;

    public Task<TResponse> SendAsync<TRequest, TResponse>(CognitoOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : CognitoResponse =>
        _path.SendAsync(_operation, operation, request, cancellationToken);
}

/// <summary>The pacing tests' way to pace a port.</summary>
internal static class PacingExtensions
{
    /// <summary>Paces with these rates alone; the attempt timeout a client would have is stretched past any queue limit asked for.</summary>
    public static ICognitoResourceServerApi WithPacing(this ICognitoResourceServerApi api, ResourceServerPacingOptions pacing, TimeProvider? timeProvider = null)
    {
        var attemptTimeout = pacing.MaxQueueWait is { } wait && wait >= TimeSpan.FromSeconds(10) ? wait + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);
        var resilience = new ResourceServerResilienceOptions { Pacing = pacing, AttemptTimeout = attemptTimeout, TotalTimeout = attemptTimeout * 6 };
        return PacedPort.Over(api, resilience, timeProvider);
    }

    public static ICognitoResourceServerApi WithClientPacing(this ICognitoResourceServerApi api, ResourceServerResilienceOptions resilience, TimeProvider? timeProvider = null) =>
        PacedPort.Over(api, resilience, timeProvider);
}
