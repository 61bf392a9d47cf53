using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// Cognito's request-rate quotas: one bucket per category for the whole instance (an account in one Region) and
/// one per operation per user pool. A call passes only when every bucket it draws from has a token, and then takes
/// one from each; a throttled call takes nothing.
/// </summary>
internal sealed class RateQuotaEnforcer
{
    private static readonly int OperationCount = Enum.GetValues<CognitoOperation>().Length;

    private readonly Lock _gate = new();
    private readonly CognitoRateQuotas _quotas;
    private readonly TimeProvider _timeProvider;
    private readonly TokenBucket _update;
    private readonly TokenBucket _read;

    public RateQuotaEnforcer(CognitoRateQuotas quotas, TimeProvider timeProvider)
    {
        _quotas = quotas;
        _timeProvider = timeProvider;
        var now = timeProvider.GetTimestamp();
        _update = new TokenBucket(quotas.UserPoolResourceUpdatePerSecond, now);
        _read = new TokenBucket(quotas.UserPoolResourceReadPerSecond, now);
    }

    public static bool IsRead(CognitoOperation operation) =>
        operation is CognitoOperation.DescribeResourceServer or CognitoOperation.ListResourceServers;

    /// <summary>Takes a token for a call, or answers false when the call is over a quota.</summary>
    /// <param name="operation">The operation called.</param>
    /// <param name="poolBuckets">The per-operation buckets of the pool named by the call, when it exists; a call to a missing pool draws only on its category.</param>
    /// <param name="exceeded">When the call is over a quota, a description of that quota.</param>
    /// <returns>Whether the call may go on.</returns>
    public bool TryAcquire(CognitoOperation operation, TokenBucket?[]? poolBuckets, out string? exceeded)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var category = IsRead(operation) ? _read : _update;
            category.Refill(_timeProvider, now);

            TokenBucket? perPool = null;
            if (poolBuckets is not null)
            {
                perPool = poolBuckets[(int)operation] ??= new TokenBucket(_quotas.PerOperationPerUserPoolPerSecond, now);
                perPool.Refill(_timeProvider, now);
            }

            if (!category.HasToken)
            {
                exceeded = IsRead(operation)
                    ? $"category UserPoolResourceRead allows {Rate(_quotas.UserPoolResourceReadPerSecond)} requests per second"
                    : $"category UserPoolResourceUpdate allows {Rate(_quotas.UserPoolResourceUpdatePerSecond)} requests per second";
                return false;
            }

            if (perPool is { HasToken: false })
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

    public static TokenBucket?[] NewPoolBuckets() => new TokenBucket?[OperationCount];
}
