namespace ResourceServers.Wire;

/// <summary>
/// A rate category of Cognito's quota table: the operations it holds share one rate per account and Region.
/// </summary>
public sealed class CognitoQuotaCategory
{
    private readonly Func<ResourceServerPacingOptions, int> _pacedRate;

    private CognitoQuotaCategory(string name, int publishedPerSecond, Func<ResourceServerPacingOptions, int> pacedRate)
    {
        Name = name;
        PublishedPerSecond = publishedPerSecond;
        _pacedRate = pacedRate;
    }

    /// <summary>UserPoolResourceRead: DescribeResourceServer and ListResourceServers; 20 requests per second.</summary>
    public static CognitoQuotaCategory UserPoolResourceRead { get; } = new(nameof(UserPoolResourceRead), 20, static o => o.ReadCategoryPerSecond);

    /// <summary>UserPoolResourceUpdate: CreateResourceServer, UpdateResourceServer and DeleteResourceServer; 15 requests per second.</summary>
    public static CognitoQuotaCategory UserPoolResourceUpdate { get; } = new(nameof(UserPoolResourceUpdate), 15, static o => o.UpdateCategoryPerSecond);

    /// <summary>UserPoolClientRead: DescribeUserPoolClient and ListUserPoolClients; 15 requests per second.</summary>
    public static CognitoQuotaCategory UserPoolClientRead { get; } = new(nameof(UserPoolClientRead), 15, static o => o.ClientReadCategoryPerSecond);

    /// <summary>UserPoolRead: ListUserPools (and DescribeUserPool, which the library does not call); 20 requests per second.</summary>
    public static CognitoQuotaCategory UserPoolRead { get; } = new(nameof(UserPoolRead), 20, static o => o.UserPoolReadCategoryPerSecond);

    /// <summary>Every category, in the order of the quota table.</summary>
    public static IReadOnlyList<CognitoQuotaCategory> All { get; } = [UserPoolResourceRead, UserPoolResourceUpdate, UserPoolClientRead, UserPoolRead];

    /// <summary>The name Cognito's quota table gives it, as logs, metrics and shared-pacing keys show it.</summary>
    public string Name { get; }

    /// <summary>The published quota, requests per second per account and Region.</summary>
    public int PublishedPerSecond { get; }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The rate pacing allows the category under <paramref name="options"/>.</summary>
    internal int PacedRate(ResourceServerPacingOptions options) => _pacedRate(options);
}
