using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

/// <summary>Another writer on the same in-memory Cognito, acting while a retried create's first attempt fails.</summary>
internal static class AnotherWriter
{
    /// <summary>
    /// The first CreateResourceServer of <paramref name="cognito"/> fails with <paramref name="error"/> without effect;
    /// as it fails, another writer creates <paramref name="theirs"/> (a create counted in the statistics as well).
    /// </summary>
    public static void CreatesWhileTheFirstCreateFails(this InMemoryCognito cognito, CreateResourceServerRequest theirs, Exception error) =>
        cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, async (received, ct) =>
        {
            if (received.Number == 1)
            {
                await cognito.CreateResourceServerAsync(theirs, ct);
                throw error;
            }
        });
}
