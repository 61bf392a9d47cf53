using System.Net;
using Polly.RateLimiting;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Errors;

/// <summary>
/// Which failures are the caller's to fix: an operation failing so logs a warning, any other failure an error
/// (<see cref="OperationScope"/> asks <see cref="FailureClassification.IsCallerError"/>).
/// </summary>
public class CallerErrorClassificationTests
{
    private static readonly ResourceServer Server = new("us-east-1_AbCdEfGhI", "https://api.example.com", "API");

    private static readonly NamedRows<(Func<Exception> Failure, bool Callers)> FailureRows = new()
    {
        { "a pacing queue that is full", (() => CognitoServiceException.NoAnswer(CognitoErrorCodes.PacingQueueFull, "queue full", isRetryable: true, innerException: null), true) },
        { "a 400 the service refused", (() => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "bad", HttpStatusCode.BadRequest), true) },
        { "a not found", (() => new ResourceServerNotFoundException("gone"), true) },
        { "a 500 that is not retried", (() => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "odd", HttpStatusCode.InternalServerError), false) },
        { "an internal error", (() => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "down"), false) },
        { "a throttle", (() => CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "slow down"), false) },
        { "a timeout, no answer", (() => CognitoServiceException.NoAnswer(CognitoErrorCodes.Timeout, "late", isRetryable: true, innerException: null), false) },
        { "a change by someone else", (() => new ResourceServerChangedException(Server, Server with { Name = "Other" }), true) },
        { "a refused grant revocation", (() => new GrantedScopeRemovalException([ResourceServerChange.PlanDelete(Server)]), true) },
        { "a bad argument", (() => new ArgumentException("bad", "identifier"), true) },
        { "a pacing wait rejected", (() => new RateLimiterRejectedException(), true) },
        { "a dropped connection", (() => new IOException("reset"), false) },
        { "a failed request", (() => new HttpRequestException("refused"), false) },
    };

    public static TheoryData<string> Failures => FailureRows.Names;

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_failures_the_caller_can_fix_are_the_callers(string failure)
    {
        var (create, callers) = FailureRows[failure];
        Assert.Equal(callers, FailureClassification.IsCallerError(create()));
    }
}
