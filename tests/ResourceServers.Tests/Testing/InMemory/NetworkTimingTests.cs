using ResourceServers.Testing;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

/// <summary>The in-memory Cognito's network timing: arrival jitter before a call is counted, the service's delay before it answers.</summary>
public class NetworkTimingTests
{
    [Fact]
    public async Task Arrival_jitter_misdates_the_count_but_does_not_delay_the_answer()
    {
        var (cognito, _) = Create(o =>
        {
            o.EnforceRateQuotas = true;
            o.ArrivalJitter = TimeSpan.FromSeconds(5);
        });
        var pool = await cognito.NewPoolAsync();

        var list = cognito.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = pool, MaxResults = 10 });

        Assert.True(list.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData(CognitoQuotaModel.TokenBucket)]
    [InlineData(CognitoQuotaModel.FixedWindow)]
    public async Task Misdated_counts_throttle_an_even_pace_the_quota_allows_which_exact_counts_never_throttle(CognitoQuotaModel model)
    {
        // An even pace the quota of one operation on one pool (5/s) allows: after a burst of five that empties a bucket,
        // one call every 200 ms; into fixed windows, one every 210 ms. Exact counts always find room; counts misdated by
        // up to 200 ms sometimes come closer than a fifth of a second to the bucket, or six to a window.
        var burst = model == CognitoQuotaModel.TokenBucket ? 5 : 1;
        var pace = TimeSpan.FromMilliseconds(model == CognitoQuotaModel.TokenBucket ? 200 : 210);
        var throttled = new Dictionary<TimeSpan, long>();
        foreach (var jitter in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(200) })
        {
            var (cognito, time) = Create(o =>
            {
                o.EnforceRateQuotas = true;
                o.QuotaModel = model;
                o.ArrivalJitter = jitter;
            });
            var pool = await cognito.NewPoolAsync();
            for (var i = 0; i < 500 + burst; i++)
            {
                try
                {
                    await cognito.DescribeResourceServerAsync(DescribeRequest(pool));
                }
                catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.ResourceNotFound)
                {
                    // Counted against the quota and answered: the server does not exist, which is beside the point.
                }
                catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.TooManyRequests)
                {
                    // Counted below.
                }

                if (i >= burst - 1)
                {
                    time.Advance(pace);
                }
            }

            throttled[jitter] = cognito.Statistics[CognitoOperation.DescribeResourceServer].Throttled;
        }

        Assert.Equal(0, throttled[TimeSpan.Zero]);
        Assert.InRange(throttled[TimeSpan.FromMilliseconds(200)], 1, 250);
    }

    [Fact]
    public async Task The_service_delay_holds_every_answer_after_the_call_is_counted_and_applied()
    {
        var (cognito, time) = Create(o =>
        {
            o.ServiceDelay = TimeSpan.FromMilliseconds(200);
            o.EnforceRateQuotas = true;
            o.Quotas = CognitoRateQuotas.Default with { PerOperationPerUserPoolPerSecond = 1 };
        });
        var pool = await cognito.NewPoolAsync();
        var create = cognito.CreateResourceServerAsync(CreateRequest(pool));
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(create.IsCompleted);

        // Applied already: only the answer is on its way.
        var listed = cognito.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = pool, MaxResults = 10 });
        time.Advance(TimeSpan.FromMilliseconds(1));
        await create.WaitAsync(TimeSpan.FromSeconds(10));

        // A throttled call waits too: its refusal is an answer like any other.
        var refused = cognito.CreateResourceServerAsync(CreateRequest(pool, "https://other.example.com"));
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(refused.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(200));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => refused);
        Assert.Single((await listed.WaitAsync(TimeSpan.FromSeconds(10))).ResourceServers);
    }

    [Theory]
    [InlineData("ArrivalJitter", -1)]
    [InlineData("ArrivalJitter", 11_000)]
    [InlineData("ServiceDelay", -1)]
    [InlineData("ServiceDelay", 11_000)]
    public void Timing_out_of_range_is_refused_naming_the_setting(string setting, int milliseconds)
    {
        var options = new InMemoryCognitoOptions();
        if (setting == "ArrivalJitter")
        {
            options.ArrivalJitter = TimeSpan.FromMilliseconds(milliseconds);
        }
        else
        {
            options.ServiceDelay = TimeSpan.FromMilliseconds(milliseconds);
        }

        var e = Assert.Throws<ArgumentException>(() => new InMemoryCognito(options));

        Assert.Contains($"{setting} must be between zero and 10 seconds", e.Message, StringComparison.Ordinal);
    }
}
