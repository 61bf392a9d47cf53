using Microsoft.Extensions.Hosting;

namespace ResourceServers.Testing;

/// <summary>
/// A host lifetime that does nothing. The default one hooks Ctrl+C and SIGTERM for the whole process; an emulator
/// embedded in a test run or an application must not take those away from its host. Whoever starts the emulator
/// stops it by disposing it.
/// </summary>
internal sealed class EmulatorHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
