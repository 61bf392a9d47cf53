using System.Text.Json.Serialization.Metadata;

namespace ResourceServers.Wire;

/// <summary>A <see cref="CognitoOperation"/> with its request and response shapes; the descriptors are <see cref="CognitoOperation"/>'s static properties.</summary>
/// <typeparam name="TRequest">The request shape.</typeparam>
/// <typeparam name="TResponse">The response shape.</typeparam>
public sealed class CognitoOperation<TRequest, TResponse> : CognitoOperation
    where TRequest : class
    where TResponse : CognitoResponse
{
    private readonly Func<TRequest, string?> _userPoolId;

    internal CognitoOperation(
        string name,
        CognitoQuotaCategory category,
        RetriedWrite retriedWrite,
        JsonTypeInfo<TRequest> requestJson,
        JsonTypeInfo<TResponse> responseJson,
        Func<TRequest, string?> userPoolId,
        Func<TResponse, TRequest, string?>? answerProblem,
        bool answersEmpty = false)
        : base(name, category, retriedWrite, answersEmpty)
    {
        TypedRequestJson = requestJson;
        TypedResponseJson = responseJson;
        _userPoolId = userPoolId;
        AnswerProblem = answerProblem ?? NoProblem;
    }

    /// <inheritdoc />
    public override JsonTypeInfo RequestJson => TypedRequestJson;

    /// <inheritdoc />
    public override JsonTypeInfo ResponseJson => TypedResponseJson;

    internal JsonTypeInfo<TRequest> TypedRequestJson { get; }

    internal JsonTypeInfo<TResponse> TypedResponseJson { get; }

    /// <summary>
    /// The answer check: why a parsed success answer cannot be the answer to the request (the wrong pool or
    /// identifier, a write not echoed, an invalid member), or null. The transport turns a problem into
    /// <c>MalformedResponse</c> (docs/trusting-the-wire.md).
    /// </summary>
    internal Func<TResponse, TRequest, string?> AnswerProblem { get; }

    /// <summary>The user pool <paramref name="request"/> names, or null for an operation of the account.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The user pool id.</returns>
    public string? UserPoolIdOf(TRequest request) => _userPoolId(request);

    /// <inheritdoc />
    public override string? UserPoolIdOf(object request) => _userPoolId((TRequest)request);

    /// <inheritdoc />
    public override async Task<CognitoResponse> SendAsync(ICognitoResourceServerApi api, object request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return await api.SendAsync(this, (TRequest)request, cancellationToken).ConfigureAwait(false);
    }

    private static string? NoProblem(TResponse response, TRequest request) => null;
}
