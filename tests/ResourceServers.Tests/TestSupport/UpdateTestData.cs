using Polly;
using Polly.Retry;

namespace ResourceServers.Tests.TestSupport;

/// <summary>Shared values for the safe-update tests.</summary>
internal static class UpdateTestData
{
    public const string Pool = "us-east-1_Test1";
    public const string Id = "https://api.example.com";

    public static ResourceServer Server(string name = "api", params ResourceServerScope[] scopes) => new(Pool, Id, name, scopes);

    public static ResourceServerScope Scope(string name, string? description = null) => new(name, description ?? name.ToUpperInvariant());

    /// <summary>A retry on retryable service errors with no delay, as the default pipeline retries but without waiting.</summary>
    public static ResiliencePipeline RetryWithoutDelay(int maxRetries = 3) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<CognitoServiceException>(e => e.IsRetryable),
            MaxRetryAttempts = maxRetries,
            Delay = TimeSpan.Zero,
            BackoffType = DelayBackoffType.Constant,
        })
        .Build();
}
