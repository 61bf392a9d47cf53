using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// What the attempts of one call have done so far: whether a write may have landed without an answer. Created per
/// call, shared by its attempts, which run one after another (never at once), so plain fields are enough.
/// </summary>
internal sealed class WriteAttempts
{
    /// <summary>True once an attempt's write failed in a way that may nonetheless have been applied.</summary>
    public bool MayHaveWritten { get; private set; }

    /// <summary>Notes a failed write; returns false, for use in an exception filter that does not catch.</summary>
    /// <param name="failure">The failure of one attempt's write.</param>
    /// <returns>Always false.</returns>
    public bool Observe(Exception failure)
    {
        // Only noted: whether to retry stays the pipeline's decision.
        MayHaveWritten |= FailureClassification.MayHaveBeenApplied(failure);
        return false;
    }

    /// <summary>
    /// Whether <paramref name="failure"/>, answering <paramref name="operation"/>, may be an earlier attempt of this
    /// call done, as the operation's descriptor says (<see cref="CognitoOperation.RetriedWrite"/>).
    /// </summary>
    /// <param name="operation">The write whose answer this is.</param>
    /// <param name="failure">The answer.</param>
    /// <returns>False on a first attempt, or when nothing an earlier attempt did can explain the failure.</returns>
    public bool MayBeOwnEarlierWrite(CognitoOperation operation, Exception failure) => MayHaveWritten && operation.RetriedWrite switch
    {
        RetriedWrite.AlreadyExistsMayBeOwn => FailureClassification.IsAlreadyExists(failure),
        RetriedWrite.NotFoundMeansDone => failure is ResourceServerNotFoundException,
        _ => false,
    };
}
