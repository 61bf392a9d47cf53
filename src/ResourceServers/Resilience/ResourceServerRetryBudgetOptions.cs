namespace ResourceServers;

/// <summary>
/// A token bucket shared by all calls through one pipeline, as the AWS SDKs' retry quota: each retry takes tokens,
/// each success gives some back, and when the bucket is empty failures surface at once instead of being retried.
/// This keeps a failing endpoint from being hammered by every caller's retries at the same time.
/// </summary>
public sealed class ResourceServerRetryBudgetOptions
{
    /// <summary>Whether retries draw on the budget. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tokens the bucket holds when full, and at start. Default 500.</summary>
    public int Capacity { get; set; } = 500;

    /// <summary>Tokens one retry takes. Default 5.</summary>
    public int RetryCost { get; set; } = 5;

    /// <summary>Tokens one retry after an attempt timeout takes. Default 10.</summary>
    public int TimeoutRetryCost { get; set; } = 10;

    /// <summary>
    /// Tokens a call that succeeds at its first attempt gives back. Default 1. A call that succeeds after retrying
    /// gives back what its last retry took.
    /// </summary>
    public int SuccessRefill { get; set; } = 1;
}
