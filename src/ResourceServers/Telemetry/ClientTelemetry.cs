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
    /// level of the request events (Debug for failures and throttles, Trace for successes).
    /// </summary>
    public bool ObservesRequests =>
        Source.HasListeners() || Metrics.ObservesRequests || Logger.IsEnabled(LogLevel.Debug);

    public static ClientTelemetry Create(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory) =>
        new(loggerFactory?.CreateLogger<ResourceServerClient>() ?? NullLogger<ResourceServerClient>.Instance, ClientMetrics.For(meterFactory));

    /// <summary>The low-cardinality name of a failure (see <see cref="CallFailure.Code"/>); never the message, which may quote values.</summary>
    public static string ErrorType(Exception exception) => CallFailure.Code(exception);
}
