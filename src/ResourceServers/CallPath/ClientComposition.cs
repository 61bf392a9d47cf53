using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// Builds a client's call path from its options: the one composition behind <c>new ResourceServerClient(...)</c> and
/// <c>services.AddResourceServerClient()</c>, so both get the same defaults (the HTTP transport with redirects off,
/// pacing at Cognito's quotas, the Cognito-matched pipeline).
/// </summary>
internal static class ClientComposition
{
    // The HTTP client of clients built by hand without one: follows no redirect (a redirected request would carry
    // the signed headers elsewhere and is not re-signed), has no timeout of its own (timeouts are the pipeline's),
    // and recycles connections so DNS changes are seen. Shared: it holds no per-client state.
    private static readonly Lazy<HttpClient> DefaultHttpClient = new(() => new HttpClient(
        new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>Composes the call path.</summary>
    /// <param name="options">The settings; validated here (with dependency injection they were already validated at start-up).</param>
    /// <param name="api">A wire port to use instead of the HTTP transport, or null.</param>
    /// <param name="httpClientSource">Where the HTTP transport gets its client per request; the library's redirect-free client when null.</param>
    /// <param name="aws">The application's AWS options, for what <paramref name="options"/> leave unset.</param>
    /// <param name="pipeline">The resilience pipeline (from Polly's registry with dependency injection); built from the options when null.</param>
    /// <param name="loggerFactory">Where log events go.</param>
    /// <param name="meterFactory">Creates the meter; a process-wide one when null.</param>
    /// <param name="timeProvider">The clock for backoff, timeouts, pacing and signing.</param>
    /// <param name="coordination">Distributed locks and shared pacing across processes, or null for in-process only.</param>
    /// <returns>The call path, and where it calls Cognito when it uses the HTTP transport.</returns>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names each.</exception>
    public static ComposedClient Compose(
        ResourceServerClientOptions options,
        ICognitoResourceServerApi? api,
        Func<HttpClient>? httpClientSource,
        AWSOptions? aws,
        ResiliencePipeline? pipeline,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        TimeProvider? timeProvider,
        ResourceServerCoordination? coordination = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new ResourceServerClientOptionsValidator(aws, needsRegion: api is null).Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ResourceServerClientOptions), validation.Failures);
        }

        var time = timeProvider ?? TimeProvider.System;

        // Coordination keys name the endpoint (its Region in its host), so clients of different endpoints never share
        // a lock or a limit; a replaced wire port has no endpoint of its own.
        var scope = "port";
        string? endpointHost = null;
        var telemetry = ClientTelemetry.Create(loggerFactory, meterFactory);
        ResourceServerConnection? described = null;
        if (api is null)
        {
            var connection = CognitoConnection.Resolve(options, aws, AwsSharedSettings.Sdk);
            scope = endpointHost = connection.Endpoint.ServiceUrl.Authority;
            api = new CognitoHttpTransport(httpClientSource ?? (static () => DefaultHttpClient.Value), connection.Endpoint, connection.ResolveCredentialsAsync, time, options.MaxResponseBodyBytes);
            described = connection.Description;
            ConnectionLog.ConnectionResolved(telemetry.Logger, described.ToString(), described.RegionSource, described.ServiceUrlSource);
        }

        pipeline ??= ResourceServerResilience.CreatePipeline(options.Resilience, time);
        var pacer = CreatePacer(options.Resilience, time, telemetry);
        var sharedPacing = coordination?.SharedPacing is { } limiter && pacer is not null
            ? new SharedPacing(coordination, limiter, options.Resilience.Pacing, scope, options.Resilience.Pacing.EffectiveMaxQueueWait(options.Resilience.AttemptTimeout), time, telemetry.Logger)
            : null;
        var deadline = new MultiCallDeadline(options.Resilience.MultiCallTimeout, time);
        return new ComposedClient(new CognitoCallPath(api, pipeline, pacer, telemetry, deadline, new UnitLocks(coordination, scope, telemetry.Logger), sharedPacing, endpointHost), described);
    }

    /// <summary>
    /// The client's pacer, or null when pacing is off. One per client: every call of the client, retries included,
    /// shares Cognito's quota. An unset queue limit is derived from the attempt timeout, so a queued call is rejected
    /// by pacing rather than cut by the timeout. Its learned rates go to the client's log and pacing gauge.
    /// </summary>
    internal static CognitoRequestPacer? CreatePacer(ResourceServerResilienceOptions resilience, TimeProvider timeProvider, ClientTelemetry? telemetry = null)
    {
        ResourceServerResilienceOptionsValidator.ThrowIfInvalid(resilience);
        var pacing = resilience.Pacing;
        if (!pacing.Enabled)
        {
            return null;
        }

        var pacer = new CognitoRequestPacer(pacing, pacing.EffectiveMaxQueueWait(resilience.AttemptTimeout), timeProvider, telemetry?.Logger);
        telemetry?.Metrics.Track(pacer);
        return pacer;
    }
}

/// <summary>A composed call path and, when it ends in the HTTP transport, where that calls Cognito.</summary>
/// <param name="Path">The call path.</param>
/// <param name="Connection">Region, endpoint, profile and kind of credentials; null when a wire port replaced the transport.</param>
internal sealed record ComposedClient(CognitoCallPath Path, ResourceServerConnection? Connection);
