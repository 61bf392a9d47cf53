using Microsoft.Extensions.DependencyInjection;

namespace ResourceServers.Testing;

/// <summary>Points a registered <see cref="IResourceServerClient"/> at the test kit instead of AWS.</summary>
public static class ResourceServerClientBuilderTestingExtensions
{
    /// <summary>
    /// Uses <paramref name="cognito"/> as the wire port: no HTTP, no credentials, no Region needed. Validation, the
    /// resilience pipeline and telemetry still run above it, exactly as over HTTP. Pacing is on only when the
    /// in-memory Cognito enforces Cognito's rate quotas (<see cref="InMemoryCognitoOptions.EnforceRateQuotas"/>):
    /// otherwise it would slow tests down for no quota at all. A later <c>ConfigureResilience</c> can say otherwise.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="cognito">The in-memory Cognito; the caller keeps it to seed pools, inject faults and read statistics.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder UseInMemoryCognito(this IResourceServerClientBuilder builder, InMemoryCognito cognito)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cognito);
        return builder
            .UseApi(_ => cognito)
            .ConfigureResilience(r => r.Pacing.Enabled = cognito.EnforcesRateQuotas);
    }

    /// <summary>
    /// Points the client's HTTP transport at a running <see cref="CognitoEmulator"/>: its service URL, Region and
    /// credentials. Requests go over real HTTP and are SigV4-verified by the emulator.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="emulator">The running emulator.</param>
    /// <returns>The builder, to chain.</returns>
    public static IResourceServerClientBuilder UseCognitoEmulator(this IResourceServerClientBuilder builder, CognitoEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(emulator);
        return builder.Configure(options =>
        {
            options.ServiceUrl = emulator.ServiceUrl;
            options.Region = emulator.Region;
            options.Credentials = emulator.Credentials;
            options.Profile = null;
        });
    }
}
