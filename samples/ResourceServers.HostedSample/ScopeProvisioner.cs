using Microsoft.Extensions.Logging;
using ResourceServers.Errors;
using ResourceServers.Models;

namespace ResourceServers.HostedSample;

/// <summary>
/// Application code as it would use the library: makes sure an API's resource server offers a scope, without
/// touching the scopes other teams added. Depends only on <see cref="IResourceServerClient"/>, so it is unit-tested
/// with a mock and integration-tested against the in-memory Cognito (see ResourceServers.Sample.Tests).
/// </summary>
public sealed partial class ScopeProvisioner(IResourceServerClient client, ILogger<ScopeProvisioner> logger)
{
    /// <summary>Ensures <paramref name="scope"/> exists on the resource server, creating the resource server if it is missing.</summary>
    /// <param name="userPoolId">The user pool.</param>
    /// <param name="identifier">The resource server identifier.</param>
    /// <param name="name">The name to give the resource server if it has to be created.</param>
    /// <param name="scope">The scope to ensure.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done.</returns>
    public async Task<ProvisioningOutcome> EnsureScopeAsync(string userPoolId, string identifier, string name, ResourceServerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        try
        {
            // A patch, never UpdateAsync: a replace would need the full scope list and would drop what it left out.
            var result = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.AddScope(scope), cancellationToken);
            return result.Changed ? ProvisioningOutcome.UpdatedScope : ProvisioningOutcome.AlreadyPresent;
        }
        catch (ResourceNotFoundException)
        {
            await client.CreateAsync(new ResourceServer(userPoolId, identifier, name, [scope]), cancellationToken);
            return ProvisioningOutcome.CreatedResourceServer;
        }
        catch (TooManyRequestsException e)
        {
            // The client has already retried with backoff; more pressure now would not help. Nothing was written.
            LogDeferred(logger, scope.Name, identifier, e.RequestId);
            return ProvisioningOutcome.Deferred;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cognito is throttling; scope {Scope} on {Identifier} was not provisioned and will be retried later (request id {RequestId})")]
    private static partial void LogDeferred(ILogger logger, string scope, string identifier, string? requestId);
}
