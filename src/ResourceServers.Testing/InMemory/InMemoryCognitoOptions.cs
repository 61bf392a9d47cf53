namespace ResourceServers.Testing;

/// <summary>
/// Settings of an <see cref="InMemoryCognito"/>. The instance copies them when it is created; changing this
/// object afterwards has no effect on it.
/// </summary>
public sealed class InMemoryCognitoOptions
{
    /// <summary>The Region the instance stands for; it prefixes every user pool id (<c>{Region}_xxxxxxxxx</c>). Letters, digits, <c>_</c> and <c>-</c>, at most 45 characters.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>How many resource servers one user pool may hold before CreateResourceServer answers LimitExceededException. The service's default quota is 25 (adjustable to 300).</summary>
    public int MaxResourceServersPerPool { get; set; } = 25;

    /// <summary>How many user pools the instance may hold before CreateUserPool answers LimitExceededException; bounds the memory hostile callers of an emulator can take.</summary>
    public int MaxUserPools { get; set; } = 1000;

    /// <summary>Whether calls over <see cref="Quotas"/> are answered TooManyRequestsException. Off by default so functional tests are not throttled.</summary>
    public bool EnforceRateQuotas { get; set; }

    /// <summary>The request-rate quotas enforced when <see cref="EnforceRateQuotas"/> is on.</summary>
    public CognitoRateQuotas Quotas { get; set; } = CognitoRateQuotas.Default;

    /// <summary>How calls are counted against <see cref="Quotas"/>: a token bucket (the default) or fixed one-second windows.</summary>
    public CognitoQuotaModel QuotaModel { get; set; } = CognitoQuotaModel.TokenBucket;

    /// <summary>
    /// How far the quota counters may misdate a call: each is counted as if it arrived a uniformly random time between
    /// zero and this later than it did, as a distributed service's counters and clocks do, while its answer is not
    /// delayed. A client can then not see exactly when a call was counted, and one pacing right at a quota meets the
    /// odd throttle at its edge, as against the real service (with exact counting, a client that frees a slot a second
    /// after the answer is never throttled). Zero (the default) counts each call the moment it is made; at most
    /// 10 seconds. Applies under either <see cref="QuotaModel"/>.
    /// </summary>
    public TimeSpan ArrivalJitter { get; set; }

    /// <summary>
    /// How long the service takes to answer a call after counting it (and applying it): the answer comes this much
    /// later, so a client's view of when the service counted a call lags, as over a network. Zero (the default)
    /// answers at once; at most 10 seconds. Applies under either <see cref="QuotaModel"/>, and to refused calls too.
    /// </summary>
    public TimeSpan ServiceDelay { get; set; }

    /// <summary>The clock of rate quotas, injected delays and pool dates; a <c>FakeTimeProvider</c> in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal const int MaxRegionLength = 45;

    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    internal InMemoryCognitoOptions CloneValidated()
    {
        if (string.IsNullOrEmpty(Region) || Region.Length > MaxRegionLength
            || !Region.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException(
                $"{nameof(Region)} must be 1..{MaxRegionLength} ASCII letters, digits, '_' or '-', so pool ids match the service's pattern.",
                nameof(Region));
        }

        if (MaxResourceServersPerPool < 1)
        {
            throw new ArgumentException($"{nameof(MaxResourceServersPerPool)} must be at least 1.", nameof(MaxResourceServersPerPool));
        }

        if (MaxUserPools < 1)
        {
            throw new ArgumentException($"{nameof(MaxUserPools)} must be at least 1.", nameof(MaxUserPools));
        }

        if (Quotas is null)
        {
            throw new ArgumentException($"{nameof(Quotas)} is required.", nameof(Quotas));
        }

        CheckRate(Quotas.UserPoolResourceUpdatePerSecond, nameof(CognitoRateQuotas.UserPoolResourceUpdatePerSecond));
        CheckRate(Quotas.UserPoolResourceReadPerSecond, nameof(CognitoRateQuotas.UserPoolResourceReadPerSecond));
        CheckRate(Quotas.PerOperationPerUserPoolPerSecond, nameof(CognitoRateQuotas.PerOperationPerUserPoolPerSecond));

        if (!Enum.IsDefined(QuotaModel))
        {
            throw new ArgumentException($"{nameof(QuotaModel)} must be {nameof(CognitoQuotaModel.TokenBucket)} or {nameof(CognitoQuotaModel.FixedWindow)}; it was {(int)QuotaModel}.", nameof(QuotaModel));
        }

        CheckDelay(ArrivalJitter, nameof(ArrivalJitter));
        CheckDelay(ServiceDelay, nameof(ServiceDelay));

        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(TimeProvider)} is required.", nameof(TimeProvider));
        }

        return new InMemoryCognitoOptions
        {
            Region = Region,
            MaxResourceServersPerPool = MaxResourceServersPerPool,
            MaxUserPools = MaxUserPools,
            EnforceRateQuotas = EnforceRateQuotas,
            Quotas = Quotas,
            QuotaModel = QuotaModel,
            ArrivalJitter = ArrivalJitter,
            ServiceDelay = ServiceDelay,
            TimeProvider = TimeProvider,
        };
    }

    private static void CheckDelay(TimeSpan delay, string name)
    {
        if (delay < TimeSpan.Zero || delay > MaxDelay)
        {
            throw new ArgumentException($"{name} must be between zero and {MaxDelay.TotalSeconds} seconds; it was {delay}.", name);
        }
    }

    private static void CheckRate(double perSecond, string name)
    {
        if (!double.IsFinite(perSecond) || perSecond <= 0)
        {
            throw new ArgumentException($"{nameof(Quotas)}.{name} must be a positive number of requests per second; it was {perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(Quotas));
        }
    }
}
