using ResourceServers.Wire;

namespace ResourceServers.Tests.Writes;

/// <summary>Once a write may have landed, it stays "may have landed" whatever the later attempts of the call do.</summary>
public class WriteAttemptsTests
{
    private static readonly Exception Ambiguous = CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "down");
    private static readonly Exception Refused = CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "bad");

    [Fact]
    public void Two_ambiguous_failures_in_a_row_still_may_have_written()
    {
        var attempts = new WriteAttempts();

        attempts.Observe(Ambiguous);
        attempts.Observe(Ambiguous);

        Assert.True(attempts.MayHaveWritten);
    }

    [Fact]
    public void A_refusal_after_an_ambiguous_failure_does_not_undo_it()
    {
        var attempts = new WriteAttempts();

        attempts.Observe(Ambiguous);
        attempts.Observe(Refused);

        Assert.True(attempts.MayHaveWritten);
    }

    [Fact]
    public void Refusals_alone_wrote_nothing()
    {
        var attempts = new WriteAttempts();

        attempts.Observe(Refused);

        Assert.False(attempts.MayHaveWritten);
    }

    // Observe runs in an exception filter: true would catch and swallow the failure instead of letting it reach the pipeline.
    [Fact]
    public void Observing_never_catches_the_failure()
    {
        var attempts = new WriteAttempts();

        var escaped = Assert.Throws<CognitoServiceException>(() =>
        {
            try
            {
                throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "down");
            }
            catch (Exception e) when (attempts.Observe(e))
            {
            }
        });

        Assert.Equal(CognitoErrorCodes.InternalError, escaped.ErrorCode);
        Assert.True(attempts.MayHaveWritten);
    }

    public static TheoryData<string, string, bool> EarlierWriteAnswers => new()
    {
        // The create's "already exists" and the delete's "not found" may be the call's own earlier attempt done.
        { nameof(CognitoOperation.CreateResourceServer), "exists", true },
        { nameof(CognitoOperation.DeleteResourceServer), "not-found", true },

        // Nothing else: a replace that finds nothing was not deleted by itself, and a create never "not found".
        { nameof(CognitoOperation.UpdateResourceServer), "not-found", false },
        { nameof(CognitoOperation.UpdateResourceServer), "exists", false },
        { nameof(CognitoOperation.CreateResourceServer), "not-found", false },
        { nameof(CognitoOperation.DeleteResourceServer), "exists", false },
        { nameof(CognitoOperation.DeleteResourceServer), "refused", false },
        { nameof(CognitoOperation.DescribeResourceServer), "not-found", false },
    };

    [Theory]
    [MemberData(nameof(EarlierWriteAnswers))]
    public void What_may_be_an_earlier_attempt_done_is_what_the_operation_descriptor_says(string operationName, string answer, bool ownEarlierWrite)
    {
        var operation = CognitoOperation.Find(operationName)!;
        var failure = answer switch
        {
            "exists" => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "rs already exists in pool"),
            "not-found" => new ResourceServerNotFoundException("gone"),
            _ => Refused,
        };
        var first = new WriteAttempts();
        var retried = new WriteAttempts();
        retried.Observe(Ambiguous);

        Assert.False(first.MayBeOwnEarlierWrite(operation, failure));
        Assert.Equal(ownEarlierWrite, retried.MayBeOwnEarlierWrite(operation, failure));
    }
}
