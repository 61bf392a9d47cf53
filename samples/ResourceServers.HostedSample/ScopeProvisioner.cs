using Microsoft.Extensions.Logging;

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
    /// <exception cref="ResourceServerNotFoundException">The user pool does not exist, or the resource server was deleted between the check and the patch.</exception>
    public async Task<ProvisioningOutcome> EnsureScopeAsync(string userPoolId, string identifier, string name, ResourceServerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        try
        {
            // Find, not a patch that fails with not-found: a missing resource server is this method's ordinary first
            // run, and the client logs a not-found failure as a warning.
            var current = await client.FindAsync(userPoolId, identifier, cancellationToken);
            if (current is not null)
            {
                // Already there as asked (name and description): nothing to write, and no second read for the patch.
                return current.Scopes.Contains(scope) ? ProvisioningOutcome.AlreadyPresent : await PatchAsync(userPoolId, identifier, scope, cancellationToken);
            }

            try
            {
                await client.CreateAsync(new ResourceServer(userPoolId, identifier, name, [scope]), cancellationToken);
                return ProvisioningOutcome.CreatedResourceServer;
            }
            catch (CognitoServiceException e) when (IsAlreadyExists(e))
            {
                // Another instance created it between our find and our create: add the scope to theirs.
                return await PatchAsync(userPoolId, identifier, scope, cancellationToken);
            }
        }
        catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.TooManyRequests)
        {
            // The client has already retried with backoff; more pressure now would not help. Nothing was written.
            LogDeferred(logger, scope.Name, identifier, e.RequestId);
            return ProvisioningOutcome.Deferred;
        }
    }

    private async Task<ProvisioningOutcome> PatchAsync(string userPoolId, string identifier, ResourceServerScope scope, CancellationToken cancellationToken)
    {
        // A patch, never UpdateAsync: a replace would need the full scope list and would drop what it left out. The
        // patch reads again, so scopes another instance added since our find are kept too.
        var result = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.AddOrUpdateScope(scope), cancellationToken);
        return result.HasChanges ? ProvisioningOutcome.UpdatedScope : ProvisioningOutcome.AlreadyPresent;
    }

    // The service answers a create of an identifier already in the pool with InvalidParameterException, told apart
    // from other broken parameters only by its message.
    private static bool IsAlreadyExists(CognitoServiceException e) =>
        e.ErrorCode == CognitoErrorCodes.InvalidParameter
        && (e.ServiceMessage ?? string.Empty).Contains("already exists", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cognito is throttling; scope {Scope} on {Identifier} was not provisioned and will be retried later (request id {RequestId})")]
    private static partial void LogDeferred(ILogger logger, string scope, string identifier, string? requestId);
}
