using ResourceServers.Testing;

namespace ResourceServers.Tests;

/// <summary>The pacing tests' clients: real clients over an in-memory Cognito, paced with the rates a test asks for.</summary>
internal static class PacedClients
{
    /// <summary>
    /// A client over <paramref name="cognito"/> paced with <paramref name="pacing"/>, on the in-memory Cognito's clock.
    /// Its attempt timeout is stretched past any queue limit asked for, so waits are the pacer's alone; a plain write is
    /// one request (<see cref="GrantRevocation.Allow"/>: no grant read first).
    /// </summary>
    public static ResourceServerClient CreatePacedClient(this InMemoryCognito cognito, ResourceServerPacingOptions pacing)
    {
        var attemptTimeout = pacing.MaxQueueWait is { } wait && wait >= TimeSpan.FromSeconds(10) ? wait + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);
        return cognito.CreateClient(new ResourceServerClientOptions
        {
            GrantRevocation = GrantRevocation.Allow,
            Resilience = new ResourceServerResilienceOptions { Pacing = pacing, AttemptTimeout = attemptTimeout, TotalTimeout = attemptTimeout * 6 },
        });
    }
}
