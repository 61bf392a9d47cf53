using System.Globalization;
using Microsoft.Extensions.Options;

namespace ResourceServers;

/// <summary>
/// Checks <see cref="ResourceServerResilienceOptions"/>; each failure names the setting, the rule and the value.
/// Register it with <c>AddOptions&lt;ResourceServerResilienceOptions&gt;().ValidateOnStart()</c> to fail at start-up;
/// <see cref="ResourceServerResilience.AddResourceServerResilience"/> runs it too.
/// </summary>
internal sealed class ResourceServerResilienceOptionsValidator : IValidateOptions<ResourceServerResilienceOptions>
{
    // Polly's own bounds for timeouts and delays; checked here so the message names our setting, not Polly's.
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ResourceServerResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.MaxAttempts < 1)
        {
            failures.Add(Fail(nameof(options.MaxAttempts), "must be at least 1 (1 disables retries)", options.MaxAttempts));
        }

        if (options.MaxAttemptsWhenThrottled < 1)
        {
            failures.Add(Fail(nameof(options.MaxAttemptsWhenThrottled), "must be at least 1", options.MaxAttemptsWhenThrottled));
        }

        if (options.BaseDelay <= TimeSpan.Zero || options.BaseDelay > MaxTimeout)
        {
            failures.Add(Fail(nameof(options.BaseDelay), "must be greater than zero and at most 1 day", options.BaseDelay));
        }

        if (options.MaxDelay < options.BaseDelay || options.MaxDelay > MaxTimeout)
        {
            failures.Add(Fail(nameof(options.MaxDelay), $"must be at least BaseDelay ({options.BaseDelay}) and at most 1 day", options.MaxDelay));
        }

        CheckTimeout(failures, nameof(options.AttemptTimeout), options.AttemptTimeout);
        CheckTimeout(failures, nameof(options.TotalTimeout), options.TotalTimeout);
        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add(Fail(nameof(options.TotalTimeout), $"must be at least AttemptTimeout ({options.AttemptTimeout})", options.TotalTimeout));
        }

        CheckTimeout(failures, nameof(options.MultiCallTimeout), options.MultiCallTimeout);
        ValidateBudget(failures, options.RetryBudget);
        ValidatePacing(failures, options.Pacing);

        // The pacing wait happens inside an attempt; a queue the attempt timeout could cut would be retried as if sent.
        if (options.Pacing is { Enabled: true, MaxQueueWait: { } maxQueueWait } && maxQueueWait >= options.AttemptTimeout)
        {
            failures.Add(Fail("Pacing:MaxQueueWait", $"must be shorter than AttemptTimeout ({options.AttemptTimeout}), since the wait for a slot counts toward the attempt", maxQueueWait));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(OptionsFailures.Joinable(failures));
    }

    /// <summary>Validates <paramref name="options"/> and throws when any setting is invalid.</summary>
    /// <param name="options">The options to check.</param>
    /// <exception cref="OptionsValidationException">One or more settings are invalid; the message lists each.</exception>
    internal static void ThrowIfInvalid(ResourceServerResilienceOptions options)
    {
        var result = new ResourceServerResilienceOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ResourceServerResilienceOptions), result.Failures);
        }
    }

    private static void ValidateBudget(List<string> failures, ResourceServerRetryBudgetOptions? budget)
    {
        if (budget is null)
        {
            failures.Add("ResourceServers:Resilience:RetryBudget must not be null.");
            return;
        }

        if (!budget.Enabled)
        {
            return;
        }

        if (budget.Capacity < 1)
        {
            failures.Add(Fail("RetryBudget:Capacity", "must be at least 1 (set RetryBudget:Enabled to false to have no budget)", budget.Capacity));
        }

        // Against a capacity that is itself wrong, only the capacity is reported.
        var capacity = budget.Capacity < 1 ? int.MaxValue : budget.Capacity;
        if (budget.RetryCost < 1 || budget.RetryCost > capacity)
        {
            failures.Add(Fail("RetryBudget:RetryCost", $"must be between 1 and Capacity ({budget.Capacity})", budget.RetryCost));
        }

        if (budget.TimeoutRetryCost < 1 || budget.TimeoutRetryCost > capacity)
        {
            failures.Add(Fail("RetryBudget:TimeoutRetryCost", $"must be between 1 and Capacity ({budget.Capacity})", budget.TimeoutRetryCost));
        }

        if (budget.SuccessRefill < 0)
        {
            failures.Add(Fail("RetryBudget:SuccessRefill", "must not be negative", budget.SuccessRefill));
        }
    }

    private static void ValidatePacing(List<string> failures, ResourceServerPacingOptions? pacing)
    {
        if (pacing is null)
        {
            failures.Add("ResourceServers:Resilience:Pacing must not be null.");
            return;
        }

        if (!pacing.Enabled)
        {
            return;
        }

        CheckRate(failures, "Pacing:UpdateCategoryPerSecond", pacing.UpdateCategoryPerSecond);
        CheckRate(failures, "Pacing:ReadCategoryPerSecond", pacing.ReadCategoryPerSecond);
        CheckRate(failures, "Pacing:ClientReadCategoryPerSecond", pacing.ClientReadCategoryPerSecond);
        CheckRate(failures, "Pacing:UserPoolReadCategoryPerSecond", pacing.UserPoolReadCategoryPerSecond);
        CheckRate(failures, "Pacing:PerOperationPerUserPoolPerSecond", pacing.PerOperationPerUserPoolPerSecond);
        if (pacing.MaxQueueWait is { } maxQueueWait && (maxQueueWait < TimeSpan.Zero || maxQueueWait > MaxTimeout))
        {
            failures.Add(Fail("Pacing:MaxQueueWait", "must be between zero and 1 day", pacing.MaxQueueWait));
        }

        if (!pacing.Adaptive)
        {
            return;
        }

        CheckFraction(failures, "Pacing:AdaptiveDecreaseFactor", pacing.AdaptiveDecreaseFactor, "must be above 0 and below 1 (the share of the rate kept after a throttle)", allowOne: false);
        CheckFraction(failures, "Pacing:AdaptiveRecoveryPerSecond", pacing.AdaptiveRecoveryPerSecond, "must be above 0 and at most 1 (the share of the configured rate regained each second)", allowOne: true);
        CheckFraction(failures, "Pacing:AdaptiveMinimumFraction", pacing.AdaptiveMinimumFraction, "must be above 0 and at most 1 (the lowest share of the configured rate a throttle may leave)", allowOne: true);
        CheckFraction(failures, "Pacing:AdaptiveContentionFactor", pacing.AdaptiveContentionFactor, "must be above 0 and at most 1 (the share of the rate sent kept when throttles repeat)", allowOne: true);
        if (pacing.AdaptiveReturnTime <= TimeSpan.Zero || pacing.AdaptiveReturnTime > TimeSpan.FromMinutes(1))
        {
            failures.Add(Fail("Pacing:AdaptiveReturnTime", "must be above zero and at most 1 minute", pacing.AdaptiveReturnTime));
        }

        if (pacing.AdaptiveContentionWindow <= TimeSpan.Zero || pacing.AdaptiveContentionWindow > TimeSpan.FromHours(1))
        {
            failures.Add(Fail("Pacing:AdaptiveContentionWindow", "must be above zero and at most 1 hour", pacing.AdaptiveContentionWindow));
        }
    }

    private static void CheckRate(List<string> failures, string setting, int value)
    {
        // Above 10,000 a second the per-request window bookkeeping would cost more than pacing is worth.
        if (value < 1 || value > 10_000)
        {
            failures.Add(Fail(setting, "must be between 1 and 10000 requests per second", value));
        }
    }

    private static void CheckFraction(List<string> failures, string setting, double value, string rule, bool allowOne)
    {
        if (!double.IsFinite(value) || value <= 0 || value > 1 || (value == 1 && !allowOne))
        {
            failures.Add(Fail(setting, rule, value));
        }
    }

    private static void CheckTimeout(List<string> failures, string setting, TimeSpan value)
    {
        if (value < MinTimeout || value > MaxTimeout)
        {
            failures.Add(Fail(setting, "must be between 10 milliseconds and 1 day", value));
        }
    }

    private static string Fail(string setting, string rule, object value) =>
        string.Create(CultureInfo.InvariantCulture, $"{ResourceServerResilienceOptions.SectionName}:{setting} {rule}; it was {value}.");
}
