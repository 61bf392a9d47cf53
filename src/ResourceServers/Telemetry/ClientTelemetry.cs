using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.RateLimiting;

namespace ResourceServers;

/// <summary>What one client reports through: its logger, its instruments and the library's activity source.</summary>
internal sealed class ClientTelemetry
{
    internal static readonly string? Version = typeof(ClientTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(ResourceServerTelemetry.ActivitySourceName, Version);

    private ClientTelemetry(ILogger logger, ClientMetrics metrics)
    {
        Logger = logger;
        Metrics = metrics;
    }

    public ILogger Logger { get; }

    public ClientMetrics Metrics { get; }

    /// <summary>
    /// Whether anything takes the per-request telemetry now: a span listener, an enabled instrument, or logging at the
    /// level of the request events that matter (throttles are warnings; successes and failures below that).
    /// </summary>
    public bool ObservesRequests =>
        Source.HasListeners() || Metrics.ObservesRequests || Logger.IsEnabled(LogLevel.Warning);

    public static ClientTelemetry Create(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory) =>
        new(loggerFactory?.CreateLogger<ResourceServerClient>() ?? NullLogger<ResourceServerClient>.Instance, ClientMetrics.For(meterFactory));

    /// <summary>
    /// The low-cardinality name of a failure: the service's error code when it is one the library knows
    /// (<see cref="CognitoErrorCodes.IsKnown"/>), <see cref="CognitoErrorCodes.Unknown"/> for any other code a server
    /// chose, else the exception type (a name from code, not from the wire). Never the message, which may quote values.
    /// </summary>
    public static string ErrorType(Exception exception) => exception switch
    {
        CognitoServiceException service => CognitoErrorCodes.IsKnown(service.ErrorCode) ? service.ErrorCode : CognitoErrorCodes.Unknown,
        _ => exception.GetType().Name,
    };

    /// <summary>
    /// Whether a failure is the caller's to fix (a bad argument, a missing resource, a refused permission) rather
    /// than a fault of the service or the path to it; the former are logged as warnings, the latter as errors.
    /// </summary>
    public static bool IsCallerError(Exception exception) => exception switch
    {
        CognitoServiceException service => !service.IsRetryable && (int)service.StatusCode < 500,
        ResourceServerChangedException or ArgumentException or RateLimiterRejectedException => true,
        _ => false,
    };
}
