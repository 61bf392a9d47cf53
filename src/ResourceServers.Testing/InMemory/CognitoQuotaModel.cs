namespace ResourceServers.Testing;

/// <summary>
/// How an <see cref="InMemoryCognito"/> counts calls against its rate quotas. Cognito does not publish its algorithm,
/// so a client meant to stay within the quotas should be tested under both.
/// </summary>
public enum CognitoQuotaModel
{
    /// <summary>
    /// A token bucket per quota: capacity one second of the rate, refilled continuously. Allows a full second's burst
    /// after a rest, then the rate.
    /// </summary>
    TokenBucket,

    /// <summary>
    /// Fixed one-second windows per quota, counted from when the instance was created: at most the rate in each
    /// window (for a rate below 1, one call per window of 1 / rate seconds). Allows up to twice the rate across a
    /// window boundary, and refuses a call the moment a window is full.
    /// </summary>
    FixedWindow,
}
