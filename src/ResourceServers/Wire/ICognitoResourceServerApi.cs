namespace ResourceServers.Wire;

/// <summary>
/// The wire port: one method per Cognito resource-server operation, shaped exactly like the service model
/// (<c>AWSCognitoIdentityProviderService</c>, API version 2016-04-18).
/// </summary>
/// <remarks>
/// Implementations do no validation, retries or read-modify-write; that is the facade's job
/// (<see cref="IResourceServerClient"/>). Every implementation reports service errors by throwing
/// <see cref="CognitoServiceException"/> (create them with <see cref="CognitoServiceException.FromErrorCode"/>), and
/// sets <see cref="CognitoResponse.RequestId"/> on what it returns, so the facade behaves the same over the HTTP
/// transport, the in-memory Cognito of the test kit, or an adapter over another SDK. Implement it to plug another
/// transport in; ordinary use never needs this namespace.
/// </remarks>
public interface ICognitoResourceServerApi
{
    /// <summary>CreateResourceServer.</summary>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created resource server.</returns>
    Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default);

    /// <summary>DescribeResourceServer.</summary>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server.</returns>
    Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListResourceServers: one page.</summary>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of resource servers and the token of the next page, if any.</returns>
    Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default);

    /// <summary>UpdateResourceServer: replaces the name and the whole scope list.</summary>
    /// <param name="request">The request, as the service model shapes it. A null <see cref="UpdateResourceServerRequest.Scopes"/> is sent as an absent member, which the service reads as "no scopes".</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server as stored after the replace.</returns>
    Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default);

    /// <summary>DeleteResourceServer.</summary>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The (empty) answer, with its request id.</returns>
    Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default);
}
