using ResourceServers.Testing;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

public class RateQuotaTests
{
    private static Task UpdateAsync(InMemoryCognito cognito, string pool) =>
        cognito.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier, Name = "api", Scopes = [Read] });

    [Fact]
    public async Task Five_updates_per_second_on_one_pool_pass_the_sixth_is_throttled_and_a_second_later_they_pass_again()
    {
        var (cognito, time) = Create(o => o.EnforceRateQuotas = true);
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));

        for (var i = 0; i < 5; i++)
        {
            await UpdateAsync(cognito, pool);
        }

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => UpdateAsync(cognito, pool));
        Assert.True(e.IsRetryable);
        Assert.Contains("UpdateResourceServer allows 5 requests per second on one user pool", e.Message, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            await UpdateAsync(cognito, pool);
        }

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => UpdateAsync(cognito, pool));
        Assert.Equal(new CognitoOperationCallCounts(Received: 12, Succeeded: 10, Throttled: 2, FailedByFault: 0), cognito.Statistics[CognitoOperation.UpdateResourceServer]);
    }

    [Fact]
    public async Task Tokens_refill_continuously_but_never_beyond_one_second_of_rate()
    {
        var (cognito, time) = Create(o => o.EnforceRateQuotas = true);
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));
        for (var i = 0; i < 5; i++)
        {
            await UpdateAsync(cognito, pool);
        }

        // A fifth of a second earns one call at 5/s.
        time.Advance(TimeSpan.FromMilliseconds(200));
        await UpdateAsync(cognito, pool);
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => UpdateAsync(cognito, pool));

        // A long idle spell still allows a burst of only five.
        time.Advance(TimeSpan.FromMinutes(10));
        for (var i = 0; i < 5; i++)
        {
            await UpdateAsync(cognito, pool);
        }

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => UpdateAsync(cognito, pool));
    }

    [Fact]
    public async Task The_per_pool_quota_is_per_operation_and_per_pool()
    {
        var (cognito, _) = Create(o => o.EnforceRateQuotas = true);
        var poolA = await cognito.NewPoolAsync("a");
        var poolB = await cognito.NewPoolAsync("b");
        await cognito.CreateResourceServerAsync(CreateRequest(poolA));
        await cognito.CreateResourceServerAsync(CreateRequest(poolB));
        for (var i = 0; i < 5; i++)
        {
            await cognito.DescribeResourceServerAsync(DescribeRequest(poolA));
        }

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.DescribeResourceServerAsync(DescribeRequest(poolA)));
        // Another operation on the same pool, and the same operation on another pool, have their own buckets.
        await cognito.ListResourceServersAsync(new() { UserPoolId = poolA });
        await cognito.DescribeResourceServerAsync(DescribeRequest(poolB));
    }

    [Fact]
    public async Task The_update_category_allows_fifteen_per_second_across_pools_and_operations()
    {
        var (cognito, time) = Create(o => o.EnforceRateQuotas = true);
        var pools = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            pools.Add(await cognito.NewPoolAsync($"p{i}"));
        }

        // 3 pools x 5 creates = 15: each per-pool bucket is within its rate, the category is now empty.
        for (var p = 0; p < 3; p++)
        {
            for (var i = 0; i < 5; i++)
            {
                await cognito.CreateResourceServerAsync(CreateRequest(pools[p], $"api-{i}"));
            }
        }

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.CreateResourceServerAsync(CreateRequest(pools[3], "api-0")));
        Assert.Contains("UserPoolResourceUpdate allows 15", e.Message, StringComparison.Ordinal);
        // Update and Delete share the category.
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.DeleteResourceServerAsync(new() { UserPoolId = pools[3], Identifier = "api-0" }));
        // Reads are a different category.
        await cognito.ListResourceServersAsync(new() { UserPoolId = pools[3] });

        time.Advance(TimeSpan.FromSeconds(1));
        await cognito.CreateResourceServerAsync(CreateRequest(pools[3], "api-0"));
    }

    [Fact]
    public async Task The_read_category_allows_twenty_per_second()
    {
        var (cognito, _) = Create(o => o.EnforceRateQuotas = true);
        var pools = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            pools.Add(await cognito.NewPoolAsync($"p{i}"));
        }

        for (var p = 0; p < 4; p++)
        {
            for (var i = 0; i < 5; i++)
            {
                await cognito.ListResourceServersAsync(new() { UserPoolId = pools[p] });
            }
        }

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.ListResourceServersAsync(new() { UserPoolId = pools[4] }));
        Assert.Contains("UserPoolResourceRead allows 20", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throttled_call_takes_no_token_and_changes_nothing()
    {
        var (cognito, time) = Create(o =>
        {
            o.EnforceRateQuotas = true;
            o.Quotas = new CognitoRateQuotas(UserPoolResourceUpdatePerSecond: 100, PerOperationPerUserPoolPerSecond: 1);
        });
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "a"));

        for (var i = 0; i < 10; i++)
        {
            await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.CreateResourceServerAsync(CreateRequest(pool, "b")));
        }

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool, "b")));
        // The ten refusals did not dig a hole: one second later the next call passes.
        time.Advance(TimeSpan.FromSeconds(1));
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "b"));
    }

    [Fact]
    public async Task Quotas_are_off_unless_enabled()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));

        for (var i = 0; i < 100; i++)
        {
            await UpdateAsync(cognito, pool);
        }

        Assert.Equal(0, cognito.Statistics.TotalThrottled);
    }

    [Fact]
    public async Task Quotas_are_configurable()
    {
        var (cognito, _) = Create(o =>
        {
            o.EnforceRateQuotas = true;
            o.Quotas = CognitoRateQuotas.Default with { PerOperationPerUserPoolPerSecond = 2 };
        });
        var pool = await cognito.NewPoolAsync();

        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));
    }

    [Fact]
    public async Task Calls_to_a_missing_pool_draw_on_the_category_only()
    {
        var (cognito, _) = Create(o => o.EnforceRateQuotas = true);

        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.ListResourceServersAsync(new() { UserPoolId = "us-east-1_missing" }));
        }

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.ListResourceServersAsync(new() { UserPoolId = "us-east-1_missing" }));
    }

    [Fact]
    public void Default_quotas_are_the_services()
    {
        Assert.Equal(new CognitoRateQuotas(15, 20, 5), CognitoRateQuotas.Default);
    }

    [Fact]
    public async Task Fixed_windows_refill_only_when_the_next_second_starts()
    {
        var (cognito, time) = Create(o =>
        {
            o.EnforceRateQuotas = true;
            o.QuotaModel = CognitoQuotaModel.FixedWindow;
        });
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));
        for (var i = 0; i < 5; i++)
        {
            await UpdateAsync(cognito, pool);
        }

        // A bucket would have earned a call after a fifth of a second; a window earns nothing until it ends.
        time.Advance(TimeSpan.FromMilliseconds(999));
        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => UpdateAsync(cognito, pool));
        Assert.Contains("UpdateResourceServer allows 5 requests per second on one user pool", e.Message, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 5; i++)
        {
            await UpdateAsync(cognito, pool);
        }

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => UpdateAsync(cognito, pool));
    }

    [Theory]
    [InlineData(CognitoQuotaModel.FixedWindow, 10)]
    [InlineData(CognitoQuotaModel.TokenBucket, 5)]
    public async Task Across_a_window_boundary_fixed_windows_pass_twice_the_rate_and_a_bucket_does_not(CognitoQuotaModel model, int passed)
    {
        var (cognito, time) = Create(o =>
        {
            o.EnforceRateQuotas = true;
            o.QuotaModel = model;
        });
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));

        // Five at the end of the first second, then as many as pass in the next 20 ms.
        time.Advance(TimeSpan.FromMilliseconds(990));
        var succeeded = 0;
        for (var i = 0; i < 12; i++)
        {
            if (i == 6)
            {
                time.Advance(TimeSpan.FromMilliseconds(20));
            }

            try
            {
                await UpdateAsync(cognito, pool);
                succeeded++;
            }
            catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.TooManyRequests)
            {
            }
        }

        Assert.Equal(passed, succeeded);
    }

    [Fact]
    public async Task A_fixed_window_rate_below_one_passes_one_call_per_window_of_one_over_the_rate()
    {
        var (cognito, time) = Create(o =>
        {
            o.EnforceRateQuotas = true;
            o.QuotaModel = CognitoQuotaModel.FixedWindow;
            o.Quotas = CognitoRateQuotas.Default with { PerOperationPerUserPoolPerSecond = 0.5 };
        });
        var pool = await cognito.NewPoolAsync();

        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        time.Advance(TimeSpan.FromMilliseconds(1999));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
    }

    [Fact]
    public void An_undefined_quota_model_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => new InMemoryCognito(new InMemoryCognitoOptions { QuotaModel = (CognitoQuotaModel)7 }));

        Assert.Contains("QuotaModel must be TokenBucket or FixedWindow; it was 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_is_kept_in_the_options_copy()
    {
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { QuotaModel = CognitoQuotaModel.FixedWindow });

        Assert.Equal(CognitoQuotaModel.FixedWindow, cognito.Options.QuotaModel);
    }
}
