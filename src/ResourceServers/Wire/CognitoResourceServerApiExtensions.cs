namespace ResourceServers;

using ResourceServers.Wire;

/// <summary>The typed calls of the resource-server operations over <see cref="ICognitoResourceServerApi.SendAsync"/>.</summary>
public static class CognitoResourceServerApiExtensions
{
    /// <summary>CreateResourceServer.</summary>
    /// <param name="api">The wire port.</param>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created resource server.</returns>
    public static Task<CreateResourceServerResponse> CreateResourceServerAsync(this ICognitoResourceServerApi api, CreateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        Port(api).SendAsync(CognitoOperation.CreateResourceServer, request, cancellationToken);

    /// <summary>DescribeResourceServer.</summary>
    /// <param name="api">The wire port.</param>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server.</returns>
    public static Task<DescribeResourceServerResponse> DescribeResourceServerAsync(this ICognitoResourceServerApi api, DescribeResourceServerRequest request, CancellationToken cancellationToken = default) =>
        Port(api).SendAsync(CognitoOperation.DescribeResourceServer, request, cancellationToken);

    /// <summary>ListResourceServers: one page.</summary>
    /// <param name="api">The wire port.</param>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of resource servers and the token of the next page, if any.</returns>
    public static Task<ListResourceServersResponse> ListResourceServersAsync(this ICognitoResourceServerApi api, ListResourceServersRequest request, CancellationToken cancellationToken = default) =>
        Port(api).SendAsync(CognitoOperation.ListResourceServers, request, cancellationToken);

    /// <summary>ListUserPools: one page of the account's user pools in the Region.</summary>
    /// <param name="api">The wire port.</param>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of user pools and the token of the next page, if any.</returns>
    public static Task<ListUserPoolsResponse> ListUserPoolsAsync(this ICognitoResourceServerApi api, ListUserPoolsRequest request, CancellationToken cancellationToken = default) =>
        Port(api).SendAsync(CognitoOperation.ListUserPools, request, cancellationToken);

    /// <summary>UpdateResourceServer: replaces the name and the whole scope list.</summary>
    /// <param name="api">The wire port.</param>
    /// <param name="request">The request. A null <see cref="UpdateResourceServerRequest.Scopes"/> is sent as an absent member, which the service reads as "no scopes".</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server as stored after the replace.</returns>
    public static Task<UpdateResourceServerResponse> UpdateResourceServerAsync(this ICognitoResourceServerApi api, UpdateResourceServerRequest request, CancellationToken cancellationToken = default) =>
        Port(api).SendAsync(CognitoOperation.UpdateResourceServer, request, cancellationToken);

    /// <summary>DeleteResourceServer.</summary>
    /// <param name="api">The wire port.</param>
    /// <param name="request">The request, as the service model shapes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The (empty) answer, with its request id.</returns>
    public static Task<DeleteResourceServerResponse> DeleteResourceServerAsync(this ICognitoResourceServerApi api, DeleteResourceServerRequest request, CancellationToken cancellationToken = default) =>
        Port(api).SendAsync(CognitoOperation.DeleteResourceServer, request, cancellationToken);

    private static ICognitoResourceServerApi Port(ICognitoResourceServerApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
