using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// Cognito's request-rate quotas for the resource-server operations (per account and Region, not adjustable in
/// the real service). Each rate allows a burst of one second's worth of calls; how calls are counted against them is
/// <see cref="InMemoryCognitoOptions.QuotaModel"/> (fixed windows let up to twice that through across a boundary).
/// </summary>
/// <param name="UserPoolResourceUpdatePerSecond">Category UserPoolResourceUpdate (Create, Update, Delete), shared by all pools of the instance.</param>
/// <param name="UserPoolResourceReadPerSecond">Category UserPoolResourceRead (Describe, List), shared by all pools of the instance.</param>
/// <param name="PerOperationPerUserPoolPerSecond">The rate no single operation may exceed on one user pool.</param>
public sealed record CognitoRateQuotas(
    double UserPoolResourceUpdatePerSecond = 15,
    double UserPoolResourceReadPerSecond = 20,
    double PerOperationPerUserPoolPerSecond = 5)
{
    /// <summary>The service's published quotas: 15/s update, 20/s read, 5/s per operation per user pool.</summary>
    public static CognitoRateQuotas Default { get; } = new();

    /// <summary>The rate of <paramref name="category"/>: the two above for theirs, the published quota for any other.</summary>
    /// <param name="category">The rate category.</param>
    /// <returns>Requests per second.</returns>
    public double PerSecond(CognitoQuotaCategory category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return category == CognitoQuotaCategory.UserPoolResourceRead ? UserPoolResourceReadPerSecond
            : category == CognitoQuotaCategory.UserPoolResourceUpdate ? UserPoolResourceUpdatePerSecond
            : category.PublishedPerSecond;
    }
}
