namespace ResourceServers.Wire;

/// <content>The DeleteResourceServer operation: its descriptor and wire shapes.</content>
public abstract partial class CognitoOperation
{
    /// <summary>DeleteResourceServer: answered with an empty body (or <c>{}</c>).</summary>
    public static CognitoOperation<DeleteResourceServerRequest, DeleteResourceServerResponse> DeleteResourceServer { get; } = new CognitoOperation<DeleteResourceServerRequest, DeleteResourceServerResponse>(
        nameof(DeleteResourceServer), CognitoQuotaCategory.UserPoolResourceUpdate, RetriedWrite.NotFoundMeansDone,
        CognitoJsonContext.Default.DeleteResourceServerRequest, CognitoJsonContext.Default.DeleteResourceServerResponse,
        static r => r.UserPoolId,
        answerProblem: null,
        answersEmpty: true);
}

/// <summary><c>DeleteResourceServerRequest</c>.</summary>
public sealed record DeleteResourceServerRequest
{
    /// <summary>Required. The user pool id.</summary>
    public required string UserPoolId { get; init; }

    /// <summary>Required. The resource server identifier.</summary>
    public required string Identifier { get; init; }
}

/// <summary><c>DeleteResourceServer</c>'s answer: an empty body (or <c>{}</c>); only its metadata is of use.</summary>
public sealed record DeleteResourceServerResponse : CognitoResponse;
