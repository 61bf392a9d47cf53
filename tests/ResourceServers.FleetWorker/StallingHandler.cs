namespace ResourceServers.FleetWorker;

/// <summary>
/// With stalling on, holds the first UpdateResourceServer request forever before it is sent, after printing
/// "stalled": the unit then holds its lock without having written, for the test that kills a lock holder.
/// </summary>
internal sealed class StallingHandler(bool stall) : DelegatingHandler
{
    private int _stalled;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (stall
            && request.Headers.TryGetValues("X-Amz-Target", out var targets)
            && targets.Any(t => t.EndsWith(".UpdateResourceServer", StringComparison.Ordinal))
            && Interlocked.Exchange(ref _stalled, 1) == 0)
        {
            Console.WriteLine("stalled");
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
