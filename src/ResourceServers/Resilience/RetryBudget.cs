namespace ResourceServers;

/// <summary>
/// The retry quota of the AWS SDKs' standard mode: a thread-safe token bucket shared by every call through one
/// pipeline. Retries withdraw; successes deposit, never beyond capacity.
/// </summary>
internal sealed class RetryBudget
{
    private readonly int _capacity;
    private int _available;

    // The settings are copied: options are mutable, and a built pipeline must not change under its callers.
    public RetryBudget(ResourceServerRetryBudgetOptions options)
    {
        _capacity = options.Capacity;
        _available = options.Capacity;
        RetryCost = options.RetryCost;
        TimeoutRetryCost = options.TimeoutRetryCost;
        SuccessRefill = options.SuccessRefill;
    }

    public int RetryCost { get; }

    public int TimeoutRetryCost { get; }

    public int SuccessRefill { get; }

    public int Available => Volatile.Read(ref _available);

    /// <summary>Takes <paramref name="cost"/> tokens if that many are left.</summary>
    /// <param name="cost">The tokens wanted.</param>
    /// <returns>False, taking nothing, when fewer are left.</returns>
    public bool TryWithdraw(int cost)
    {
        var current = Volatile.Read(ref _available);
        while (true)
        {
            if (current < cost)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _available, current - cost, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    /// <summary>Returns <paramref name="amount"/> tokens, up to capacity.</summary>
    /// <param name="amount">The tokens given back.</param>
    public void Deposit(int amount)
    {
        // Stryker disable once Equality : equivalent: a deposit of 0 that went on would swap the balance for itself.
        if (amount <= 0)
        {
            return;
        }

        var current = Volatile.Read(ref _available);
        while (true)
        {
            // Stryker disable once Equality : equivalent at capacity: going on would swap capacity for capacity.
            if (current >= _capacity)
            {
                return;
            }

            var seen = Interlocked.CompareExchange(ref _available, Math.Min(_capacity, current + amount), current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
