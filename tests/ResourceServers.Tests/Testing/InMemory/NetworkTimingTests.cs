using ResourceServers.Testing;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

/// <summary>The in-memory Cognito's network timing: arrival jitter before a call is counted, the service's delay before it answers.</summary>
public class NetworkTimingTests
{
    [Fact]
    public async Task Arrival_jitter_delays_each_call_by_up_to_the_jitter_and_no_more()
    {
        var (cognito, time) = Create(o => o.ArrivalJitter = TimeSpan.FromMilliseconds(100));
        var pool = await cognito.NewPoolAsync();

        var calls = Enumerable.Range(0, 20).Select(_ => cognito.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = pool, MaxResults = 10 })).ToList();

        // Twenty uniform draws all under a millisecond would be a one-in-10^40 event: the calls wait.
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Contains(calls, c => !c.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(99));
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(CognitoQuotaModel.TokenBucket)]
    [InlineData(CognitoQuotaModel.FixedWindow)]
    public async Task Jittered_arrivals_are_counted_when_they_arrive_so_an_even_pace_at_the_quota_can_be_throttled(CognitoQuotaModel model)
    {
        // Exactly five a second on one pool, the quota: without jitter never throttled; with arrivals spread over two
        // seconds, some seconds see six (a window), or more than the bucket's one second of burst arrive bunched.
        var throttled = 0;
        foreach (var jitter in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(2) })
        {
            var (cognito, time) = Create(o =>
            {
                o.EnforceRateQuotas = true;
                o.QuotaModel = model;
                o.ArrivalJitter = jitter;
            });
            var pool = await cognito.NewPoolAsync();
            time.Advance(TimeSpan.FromMilliseconds(1));
            var calls = new List<Task>();
            for (var i = 0; i < 500; i++)
            {
                calls.Add(cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = pool, Identifier = Identifier }));
                time.Advance(TimeSpan.FromMilliseconds(200));
            }

            time.Advance(TimeSpan.FromSeconds(3));
            await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(10));
            var counted = cognito.Statistics[CognitoOperation.DescribeResourceServer].Throttled;
            if (jitter == TimeSpan.Zero)
            {
                Assert.Equal(0, counted);
            }
            else
            {
                throttled = (int)counted;
            }
        }

        Assert.InRange(throttled, 1, 250);
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
