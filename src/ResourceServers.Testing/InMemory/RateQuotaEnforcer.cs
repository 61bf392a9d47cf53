using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// Cognito's request-rate quotas: one counter per category for the whole instance (an account in one Region) and
/// one per operation per user pool, each a token bucket or fixed windows (<see cref="CognitoQuotaModel"/>). A call
/// passes only when every counter it draws on has room, and is then counted in each; a throttled call counts nowhere.
/// </summary>
internal sealed class RateQuotaEnforcer
{

    private readonly Lock _gate = new();
    private readonly CognitoRateQuotas _quotas;
    private readonly TimeProvider _timeProvider;
    private readonly CognitoQuotaModel _model;
    private readonly long _origin;
    private readonly Dictionary<CognitoQuotaCategory, IQuotaCounter> _categories = [];

    public RateQuotaEnforcer(CognitoRateQuotas quotas, CognitoQuotaModel model, TimeProvider timeProvider)
    {
        _quotas = quotas;
        _model = model;
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        foreach (var category in CognitoQuotaCategory.All)
        {
            _categories[category] = NewCounter(quotas.PerSecond(category), _origin);
        }
    }

    /// <summary>Takes a token for a call, or answers false when the call is over a quota.</summary>
    /// <param name="operation">The operation called.</param>
    /// <param name="poolCounters">The per-operation counters of the pool named by the call, when it exists; a call to a missing pool draws only on its category.</param>
    /// <param name="exceeded">When the call is over a quota, a description of that quota.</param>
    /// <param name="misdated">How much later than now the counters date the call (<see cref="InMemoryCognitoOptions.ArrivalJitter"/>).</param>
    /// <returns>Whether the call may go on.</returns>
    public bool TryAcquire(CognitoOperation operation, IQuotaCounter?[]? poolCounters, out string? exceeded, TimeSpan misdated = default)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp() + (long)(misdated.TotalSeconds * _timeProvider.TimestampFrequency);
            var category = _categories[operation.Category];
            var categoryHasRoom = category.HasRoom(now);

            IQuotaCounter? perPool = null;
            var perPoolHasRoom = true;
            if (poolCounters is not null)
            {
                perPool = poolCounters[CognitoCallStatistics.Index(operation)] ??= NewCounter(_quotas.PerOperationPerUserPoolPerSecond, now);
                perPoolHasRoom = perPool.HasRoom(now);
            }

            if (!categoryHasRoom)
            {
                exceeded = $"category {operation.Category.Name} allows {Rate(_quotas.PerSecond(operation.Category))} requests per second";
                return false;
            }

            if (!perPoolHasRoom)
            {
                exceeded = $"{operation} allows {Rate(_quotas.PerOperationPerUserPoolPerSecond)} requests per second on one user pool";
                return false;
            }

            exceeded = null;
            category.Take();
            perPool?.Take();
            return true;
        }
    }

    private static string Rate(double perSecond) => perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IQuotaCounter?[] NewPoolCounters() => new IQuotaCounter?[CognitoOperation.All.Count];

    // A bucket starts full from when it is made (a pool's first call); windows count from the instance's origin, so
    // every quota's windows start together, as the service's seconds would.
    private IQuotaCounter NewCounter(double ratePerSecond, long now) => _model switch
    {
        CognitoQuotaModel.FixedWindow => new FixedWindowCounter(ratePerSecond, _timeProvider, _origin),
        _ => new TokenBucket(ratePerSecond, _timeProvider, now),
    };
}
