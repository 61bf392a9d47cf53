using Microsoft.Extensions.Time.Testing;

namespace ResourceServers.Tests.Resilience;

/// <summary>Moves fake time forward until a task completes; tests never wait on the real clock.</summary>
public static class FakeTime
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(5);

    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> completes.</summary>
    /// <returns>How much fake time passed.</returns>
    public static async Task<TimeSpan> RunUntilCompletedAsync(this FakeTimeProvider time, Task task, TimeSpan step, TimeSpan? limit = null)
    {
        var max = limit ?? TimeSpan.FromMinutes(10);
        var elapsed = TimeSpan.Zero;
        while (!task.IsCompleted)
        {
            if (elapsed >= max)
            {
                throw new Xunit.Sdk.XunitException($"The task had not completed after {max} of fake time.");
            }

            // Continuations of fired timers run elsewhere (thread pool, xUnit's context); give them a moment to run,
            // and to start their next timer, before time moves again. A bound on real time, not a sleep: it returns
            // as soon as the task completes.
            await Task.WhenAny(task, Task.Delay(Settle));

            if (!task.IsCompleted)
            {
                time.Advance(step);
                elapsed += step;
            }
        }

        return elapsed;
    }
}
