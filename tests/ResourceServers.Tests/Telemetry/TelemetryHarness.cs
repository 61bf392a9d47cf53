using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResourceServers.Testing;

namespace ResourceServers.Tests.Telemetry;

/// <summary>
/// A client resolved from a container whose logs go to a fake collector, whose metrics go to collectors on the
/// container's own meter factory, and whose spans are recorded when they belong to the trace a test starts.
/// </summary>
internal sealed class TelemetryHarness : IAsyncDisposable
{
    public const string ClientCategory = "ResourceServers.ResourceServerClient";

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _activities = new();
    private ActivityTraceId _traceId;

    private TelemetryHarness(Action<IResourceServerClientBuilder> wire)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddMetrics();
        wire(services.AddResourceServerClient().ConfigureResilience(r =>
        {
            r.BaseDelay = TimeSpan.FromMilliseconds(1);
            r.MaxDelay = TimeSpan.FromMilliseconds(1);
            r.Pacing.Enabled = false;
        }));
        Provider = services.BuildServiceProvider();
        Logs = Provider.GetFakeLogCollector();

        var meters = Provider.GetRequiredService<IMeterFactory>();
        OperationDuration = new(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.OperationDurationInstrument);
        AttemptDuration = new(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.AttemptDurationInstrument);
        Attempts = new(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.AttemptsInstrument);
        Errors = new(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.ErrorsInstrument);
        Throttles = new(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.ThrottlesInstrument);
        Retries = new(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.RetriesInstrument);

        // Every source, so a test can also see what other layers (HttpClient) put on spans; only this test's trace.
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                _traceId != default && options.Parent.TraceId == _traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == _traceId)
                {
                    _activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ServiceProvider Provider { get; }

    public IResourceServerClient Client => Provider.GetRequiredService<IResourceServerClient>();

    public FakeLogCollector Logs { get; }

    public MetricCollector<double> OperationDuration { get; }

    public MetricCollector<double> AttemptDuration { get; }

    public MetricCollector<long> Attempts { get; }

    public MetricCollector<long> Errors { get; }

    public MetricCollector<long> Throttles { get; }

    public MetricCollector<long> Retries { get; }

    public IReadOnlyList<Activity> Activities => [.. _activities];

    /// <summary>The client's own log records (category <see cref="ClientCategory"/>).</summary>
    public IReadOnlyList<FakeLogRecord> ClientLogs => [.. Logs.GetSnapshot().Where(r => r.Category == ClientCategory)];

    public static TelemetryHarness OverInMemory(InMemoryCognito cognito) => new(b => b.UseInMemoryCognito(cognito));

    public static TelemetryHarness Over(Action<IResourceServerClientBuilder> wire) => new(wire);

    /// <summary>Starts the root span of the test; spans under it are recorded.</summary>
    public Activity StartTrace()
    {
        var root = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        _traceId = root.TraceId;
        return root;
    }

    public IEnumerable<MetricCollector<long>> Counters => [Attempts, Errors, Throttles, Retries];

    public IEnumerable<MetricCollector<double>> Histograms => [OperationDuration, AttemptDuration];

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        foreach (var collector in Counters)
        {
            collector.Dispose();
        }

        foreach (var collector in Histograms)
        {
            collector.Dispose();
        }

        await Provider.DisposeAsync();
    }
}
