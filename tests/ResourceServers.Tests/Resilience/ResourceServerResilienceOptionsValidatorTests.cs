using Microsoft.Extensions.Options;
using Polly;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Resilience;

public class ResourceServerResilienceOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var result = new ResourceServerResilienceOptionsValidator().Validate(null, new ResourceServerResilienceOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    // Each row: the setting spoiled, and the whole failure a user reads (the rule and the value given).
    private static readonly NamedRows<(Action<ResourceServerResilienceOptions> Spoil, string Failure)> InvalidRows = new()
    {
        { "ResourceServers:Resilience:MaxAttempts", (o => o.MaxAttempts = 0, "must be at least 1 (1 disables retries); it was 0") },
        { "ResourceServers:Resilience:BaseDelay", (o => o.BaseDelay = TimeSpan.Zero, "must be greater than zero and at most 1 day; it was 00:00:00") },
        { "ResourceServers:Resilience:MaxDelay", (o => o.MaxDelay = TimeSpan.FromMilliseconds(500), "must be at least BaseDelay (00:00:01) and at most 1 day; it was 00:00:00.5000000") },
        { "ResourceServers:Resilience:AttemptTimeout", (o => o.AttemptTimeout = TimeSpan.FromMilliseconds(1), "must be between 10 milliseconds and 1 day; it was 00:00:00.0010000") },
        { "ResourceServers:Resilience:TotalTimeout", (o => o.TotalTimeout = TimeSpan.FromSeconds(5), "must be at least AttemptTimeout (00:00:10); it was 00:00:05") },
        { "ResourceServers:Resilience:MultiCallTimeout", (o => o.MultiCallTimeout = TimeSpan.FromDays(2), "must be between 10 milliseconds and 1 day; it was 2.00:00:00") },
        { "ResourceServers:Resilience:RetryBudget:Capacity", (o => o.RetryBudget.Capacity = 0, "must be at least 1 (set RetryBudget:Enabled to false to have no budget); it was 0") },
        { "ResourceServers:Resilience:RetryBudget:RetryCost", (o => o.RetryBudget.RetryCost = 501, "must be between 1 and Capacity (500); it was 501") },
        { "ResourceServers:Resilience:RetryBudget:TimeoutRetryCost", (o => o.RetryBudget.TimeoutRetryCost = 0, "must be between 1 and Capacity (500); it was 0") },
        { "ResourceServers:Resilience:RetryBudget:SuccessRefill", (o => o.RetryBudget.SuccessRefill = -1, "must not be negative; it was -1") },
        { "ResourceServers:Resilience:Pacing:ReadCategoryPerSecond", (o => o.Pacing.ReadCategoryPerSecond = -3, "must be between 1 and 10000 requests per second; it was -3") },
        { "ResourceServers:Resilience:Pacing:PerOperationPerUserPoolPerSecond", (o => o.Pacing.PerOperationPerUserPoolPerSecond = 0, "must be between 1 and 10000 requests per second; it was 0") },
        { "ResourceServers:Resilience:Pacing:MaxQueueWait", (o => o.Pacing.MaxQueueWait = TimeSpan.FromSeconds(-1), "must be between zero and 1 day; it was -00:00:01") },
    };

    // Named by the setting (see NamedRows).
    public static TheoryData<string> Invalid => InvalidRows.Names;

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_setting_is_named_in_the_failure(string setting)
    {
        var (spoil, expected) = InvalidRows[setting];
        var options = new ResourceServerResilienceOptions();
        spoil(options);

        var result = new ResourceServerResilienceOptionsValidator().Validate(null, options);

        Assert.Equal(setting + " " + expected, Assert.Single(result.Failures!));
        var thrown = Assert.Throws<OptionsValidationException>(() => new ResiliencePipelineBuilder().AddResourceServerResilience(options));
        Assert.Contains(setting, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_sections_are_not_checked()
    {
        var options = new ResourceServerResilienceOptions
        {
            RetryBudget = { Enabled = false, Capacity = 0 },
            Pacing = { Enabled = false, UpdateCategoryPerSecond = 0 },
        };

        Assert.True(new ResourceServerResilienceOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_built_pipeline_does_not_change_when_the_options_object_does()
    {
        var options = new ResourceServerResilienceOptions { MaxAttempts = 2, MaxAttemptsWhenThrottled = 2 };
        var pipeline = ResourceServerResilience.CreatePipeline(options);
        (options.MaxAttempts, options.MaxAttemptsWhenThrottled) = (9, 9);

        var retry = Assert.IsType<Polly.Retry.RetryStrategyOptions>(Polly.Testing.ResiliencePipelineExtensions.GetPipelineDescriptor(pipeline).Strategies[1].Options);
        Assert.Equal(1, retry.MaxRetryAttempts);
    }

    [Fact]
    public void A_pacing_queue_the_attempt_timeout_could_cut_is_refused_naming_both_settings()
    {
        var options = new ResourceServerResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(5) };
        options.Pacing.MaxQueueWait = TimeSpan.FromSeconds(5);

        var result = new ResourceServerResilienceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("ResourceServers:Resilience:Pacing:MaxQueueWait must be shorter than AttemptTimeout (00:00:05)", failure, StringComparison.Ordinal);

        options.Pacing.Enabled = false;
        Assert.True(new ResourceServerResilienceOptionsValidator().Validate(null, options).Succeeded);
    }
}

public class ResourceServerResilienceOptionsValidatorBoundaryTests
{
    [Fact]
    public void A_null_retry_budget_or_pacing_section_is_named_rather_than_thrown_on()
    {
        // Configuration binding can null a section ("RetryBudget": null); the failure must say which.
        var options = new ResourceServerResilienceOptions { RetryBudget = null!, Pacing = null! };

        var result = new ResourceServerResilienceOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["ResourceServers:Resilience:RetryBudget must not be null", "ResourceServers:Resilience:Pacing must not be null"],
            result.Failures);
    }

    [Fact]
    public void A_retry_cost_above_a_capacity_of_one_is_refused()
    {
        // The smallest valid capacity still bounds the costs (only an invalid one is left out of that check).
        var options = new ResourceServerResilienceOptions();
        (options.RetryBudget.Capacity, options.RetryBudget.RetryCost, options.RetryBudget.TimeoutRetryCost) = (1, 2, 1);

        var result = new ResourceServerResilienceOptionsValidator().Validate(null, options);

        Assert.Equal("ResourceServers:Resilience:RetryBudget:RetryCost must be between 1 and Capacity (1); it was 2", Assert.Single(result.Failures!));
    }

    [Fact]
    public void A_queue_wait_of_exactly_one_day_breaks_only_the_attempt_timeout_rule()
    {
        // One day is the largest wait the range allows; only "shorter than AttemptTimeout" applies to it.
        var options = new ResourceServerResilienceOptions { AttemptTimeout = TimeSpan.FromDays(1), TotalTimeout = TimeSpan.FromDays(1) };
        options.Pacing.MaxQueueWait = TimeSpan.FromDays(1);

        var result = new ResourceServerResilienceOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("ResourceServers:Resilience:Pacing:MaxQueueWait must be shorter than AttemptTimeout", failure, StringComparison.Ordinal);
    }
}

public class ResourceServerResilienceOptionsRangeTests
{
    // Each row sets settings to the ends of their ranges, all of which are valid.
    private static readonly NamedRows<Action<ResourceServerResilienceOptions>> BoundRows = new()
    {
        { "delays of one day", o => (o.BaseDelay, o.MaxDelay) = (TimeSpan.FromDays(1), TimeSpan.FromDays(1)) },
        { "timeouts of 10 ms", o => (o.AttemptTimeout, o.TotalTimeout) = (TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)) },
        { "timeouts of one day", o => (o.AttemptTimeout, o.TotalTimeout, o.MultiCallTimeout) = (TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromDays(1)) },
        { "a multi-call timeout of 10 ms, below the total timeout", o => o.MultiCallTimeout = TimeSpan.FromMilliseconds(10) },
        { "a budget of one", o => (o.RetryBudget.Capacity, o.RetryBudget.RetryCost, o.RetryBudget.TimeoutRetryCost) = (1, 1, 1) },
        { "costs of the whole capacity", o => (o.RetryBudget.Capacity, o.RetryBudget.RetryCost, o.RetryBudget.TimeoutRetryCost) = (5, 5, 5) },
        { "no refill", o => o.RetryBudget.SuccessRefill = 0 },
        { "rates of 1", o => (o.Pacing.ReadCategoryPerSecond, o.Pacing.UpdateCategoryPerSecond, o.Pacing.PerOperationPerUserPoolPerSecond) = (1, 1, 1) },
        { "rates of 10000", o => (o.Pacing.ReadCategoryPerSecond, o.Pacing.UpdateCategoryPerSecond, o.Pacing.PerOperationPerUserPoolPerSecond) = (10_000, 10_000, 10_000) },
        { "no queue wait", o => o.Pacing.MaxQueueWait = TimeSpan.Zero },
        { "full recovery in a second, no lower bound below the rate", o => (o.Pacing.AdaptiveRecoveryPerSecond, o.Pacing.AdaptiveMinimumFraction) = (1, 1) },
    };

    public static TheoryData<string> Bounds => BoundRows.Names;

    [Theory]
    [MemberData(nameof(Bounds))]
    public void The_ends_of_each_range_are_valid(string bounds)
    {
        var options = new ResourceServerResilienceOptions();
        BoundRows[bounds](options);

        var result = new ResourceServerResilienceOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
