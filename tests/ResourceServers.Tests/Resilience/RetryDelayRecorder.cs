using System.Collections.Concurrent;
using Polly.Retry;
using Polly.Telemetry;

namespace ResourceServers.Tests.Resilience;

/// <summary>Records the backoff of every retry the pipeline reports to its telemetry.</summary>
public sealed class RetryDelayRecorder : TelemetryListener
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    public IReadOnlyList<TimeSpan> Delays => [.. _delays];

    public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        if (args.Arguments is OnRetryArguments<TResult> retry)
        {
            _delays.Enqueue(retry.RetryDelay);
        }
    }
}
