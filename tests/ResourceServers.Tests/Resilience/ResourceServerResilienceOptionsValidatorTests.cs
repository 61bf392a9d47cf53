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

    private static readonly NamedRows<Action<ResourceServerResilienceOptions>> InvalidRows = new()
    {
        { "ResourceServers:Resilience:MaxAttempts", o => o.MaxAttempts = 0 },
        { "ResourceServers:Resilience:BaseDelay", o => o.BaseDelay = TimeSpan.Zero },
        { "ResourceServers:Resilience:MaxDelay", o => o.MaxDelay = TimeSpan.FromMilliseconds(500) },
        { "ResourceServers:Resilience:AttemptTimeout", o => o.AttemptTimeout = TimeSpan.FromMilliseconds(1) },
        { "ResourceServers:Resilience:TotalTimeout", o => o.TotalTimeout = TimeSpan.FromSeconds(5) },
        { "ResourceServers:Resilience:RetryBudget:Capacity", o => o.RetryBudget.Capacity = 0 },
        { "ResourceServers:Resilience:RetryBudget:RetryCost", o => o.RetryBudget.RetryCost = 501 },
        { "ResourceServers:Resilience:RetryBudget:TimeoutRetryCost", o => o.RetryBudget.TimeoutRetryCost = 0 },
        { "ResourceServers:Resilience:RetryBudget:SuccessRefill", o => o.RetryBudget.SuccessRefill = -1 },
        { "ResourceServers:Resilience:Pacing:ReadCategoryPerSecond", o => o.Pacing.ReadCategoryPerSecond = -3 },
        { "ResourceServers:Resilience:Pacing:PerOperationPerUserPoolPerSecond", o => o.Pacing.PerOperationPerUserPoolPerSecond = 0 },
        { "ResourceServers:Resilience:Pacing:MaxQueueWait", o => o.Pacing.MaxQueueWait = TimeSpan.FromSeconds(-1) },
    };

    // Named by the setting (see NamedRows).
    public static TheoryData<string> Invalid => InvalidRows.Names;

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_setting_is_named_in_the_failure(string setting)
    {
        var spoil = InvalidRows[setting];
        var options = new ResourceServerResilienceOptions();
        spoil(options);

        var result = new ResourceServerResilienceOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(setting + " ", failure, StringComparison.Ordinal);
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
        var options = new ResourceServerResilienceOptions { MaxAttempts = 2 };
        var pipeline = ResourceServerResilience.CreatePipeline(options);
        options.MaxAttempts = 9;

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
