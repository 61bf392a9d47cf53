namespace ResourceServers.Wire;

/// <summary>
/// The wire port: sends one Cognito operation (<see cref="CognitoOperation"/>) and returns its answer, shaped exactly
/// like the service model (<c>AWSCognitoIdentityProviderService</c>, API version 2016-04-18). The typed calls
/// (<c>DescribeResourceServerAsync</c> and the others) are extension methods over it.
/// </summary>
/// <remarks>
/// Implementations do no validation, retries or read-modify-write; that is the facade's job
/// (<see cref="IResourceServerClient"/>). Every implementation reports service errors by throwing
/// <see cref="CognitoServiceException"/> (create them with <see cref="CognitoServiceException.FromErrorCode"/>), and
/// sets <see cref="CognitoResponse.RequestId"/> on what it returns, so the facade behaves the same over the HTTP
/// transport, the in-memory Cognito of the test kit, or an adapter over another SDK. An operation an implementation
/// does not serve fails with <see cref="CognitoServiceException"/>. Ordinary use never needs this namespace.
/// </remarks>
public interface ICognitoResourceServerApi
{
    /// <summary>Sends one request of <paramref name="operation"/>.</summary>
    /// <typeparam name="TRequest">The operation's request shape.</typeparam>
    /// <typeparam name="TResponse">The operation's response shape.</typeparam>
    /// <param name="operation">The operation, one of <see cref="CognitoOperation"/>'s descriptors.</param>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer, with its request id.</returns>
    Task<TResponse> SendAsync<TRequest, TResponse>(CognitoOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : CognitoResponse;
}
