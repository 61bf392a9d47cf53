using ResourceServers.Models;

namespace ResourceServers;

/// <summary>
/// Manages the resource servers of Amazon Cognito user pools. The interface application code depends on and mocks.
/// </summary>
/// <remarks>
/// Every request is validated against the service model before it is sent
/// (<see cref="Validation.ResourceServerValidationException"/>); service errors surface as
/// <see cref="Errors.CognitoServiceException"/> or one of its subtypes.
/// </remarks>
public interface IResourceServerClient
{
    /// <summary>Creates a resource server.</summary>
    /// <param name="resourceServer">The resource server to create: pool, identifier, name and scopes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server as the service stored it.</returns>
    /// <exception cref="Errors.InvalidParameterException">A resource server with that identifier already exists, or the service rejected a value.</exception>
    /// <exception cref="Errors.LimitExceededException">The pool holds its maximum number of resource servers.</exception>
    Task<ResourceServer> CreateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default);

    /// <summary>Reads a resource server (DescribeResourceServer).</summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="identifier">The resource server identifier.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server.</returns>
    /// <exception cref="Errors.ResourceNotFoundException">The pool or the resource server does not exist.</exception>
    Task<ResourceServer> GetAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the resource servers of a pool, following the service's page tokens to the end. Each page is one request
    /// (retried on its own, never restarting the enumeration).
    /// </summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="pageSize">Resource servers per request, 1..50; the service's default when null.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The resource servers, page by page as they arrive.</returns>
    IAsyncEnumerable<ResourceServer> ListAsync(string userPoolId, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <b>Replaces</b> a resource server's name and its whole scope list with <paramref name="resourceServer"/>
    /// (UpdateResourceServer). Scopes left out of it are deleted. To change only some scopes or only the name, use
    /// the read-modify-write patch, which keeps everything it is not told to change.
    /// </summary>
    /// <param name="resourceServer">The complete new state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server as stored after the replace.</returns>
    /// <exception cref="Errors.ResourceNotFoundException">The pool or the resource server does not exist.</exception>
    Task<ResourceServer> UpdateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default);

    /// <summary>Deletes a resource server.</summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="identifier">The resource server identifier.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service has deleted it.</returns>
    /// <exception cref="Errors.ResourceNotFoundException">The pool or the resource server does not exist.</exception>
    Task DeleteAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default);
}
