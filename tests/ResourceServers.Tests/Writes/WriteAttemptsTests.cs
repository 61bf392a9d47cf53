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
}
