using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace ResourceServers;

/// <summary>The library's instruments on one <see cref="Meter"/>; one set per meter factory so instruments are not duplicated.</summary>
internal sealed class ClientMetrics
{
    // OpenTelemetry's advice for request durations in seconds.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

    private static readonly ConditionalWeakTable<IMeterFactory, ClientMetrics> ByFactory = [];

    // Without dependency injection there is no factory; one process-wide meter then serves every client.
    private static readonly Lazy<ClientMetrics> Shared = new(() => new ClientMetrics(new Meter(ResourceServerTelemetry.MeterName, ClientTelemetry.Version)));

    // The pacers of the clients reporting through this meter, held weakly so a client's pacer goes when the client does.
    private readonly ConditionalWeakTable<CognitoRequestPacer, object?> _pacers = [];

    private ClientMetrics(Meter meter)
    {
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        OperationDuration = meter.CreateHistogram(ResourceServerTelemetry.OperationDurationInstrument, "s", "Duration of ResourceServers client operations, retries and backoff included.", tags: null, advice);
        AttemptDuration = meter.CreateHistogram(ResourceServerTelemetry.AttemptDurationInstrument, "s", "Duration of requests to Cognito, pacing wait included.", tags: null, advice);
        Attempts = meter.CreateCounter<long>(ResourceServerTelemetry.AttemptsInstrument, "{request}", "Requests sent to Cognito, retries included.");
        Errors = meter.CreateCounter<long>(ResourceServerTelemetry.ErrorsInstrument, "{operation}", "ResourceServers client operations that failed.");
        Throttles = meter.CreateCounter<long>(ResourceServerTelemetry.ThrottlesInstrument, "{request}", "Requests Cognito refused for their rate (TooManyRequestsException, another throttling code, or HTTP 429).");
        Retries = meter.CreateCounter<long>(ResourceServerTelemetry.RetriesInstrument, "{retry}", "Retries made by the resilience pipeline.");
        meter.CreateObservableGauge(ResourceServerTelemetry.PacingRateInstrument, MeasurePacingRates, "{request}/s", "Request rates client-side pacing allows now, lowered by throttles.");
    }

    public Histogram<double> OperationDuration { get; }

    public Histogram<double> AttemptDuration { get; }

    public Counter<long> Attempts { get; }

    public Counter<long> Errors { get; }

    public Counter<long> Throttles { get; }

    public Counter<long> Retries { get; }

    /// <summary>Whether any listener takes the per-request instruments right now (listeners may come and go).</summary>
    public bool ObservesRequests => Attempts.Enabled || AttemptDuration.Enabled || Throttles.Enabled;

    /// <summary>Reports <paramref name="pacer"/>'s rates on the pacing gauge for as long as it lives.</summary>
    public void Track(CognitoRequestPacer pacer) => _pacers.AddOrUpdate(pacer, null);

    public static ClientMetrics For(IMeterFactory? meterFactory) =>
        meterFactory is null
            ? Shared.Value
            : ByFactory.GetValue(meterFactory, static f => new ClientMetrics(f.Create(new MeterOptions(ResourceServerTelemetry.MeterName) { Version = ClientTelemetry.Version })));

    private List<Measurement<double>> MeasurePacingRates()
    {
        var measurements = new List<Measurement<double>>();
        foreach (var (pacer, _) in _pacers)
        {
            pacer.MeasureRates(measurements);
        }

        return measurements;
    }
}
