using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;
using ResourceServers.Tests.Resilience;
using ResourceServers.Wire;

namespace ResourceServers.Tests.FirstUse;

/// <summary>One way to build a client by hand, with the defaults dependency injection gives; pacing only where it earns its cost, and visible when it waits.</summary>
public class HandConstructionTests
{
    [Fact]
    public async Task A_client_built_by_hand_retries_and_paces_as_one_from_the_container_does()
    {
        var time = new FakeTimeProvider();
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = time });
        var pool = await cognito.CreateUserPoolAsync("p");
        var client = new ResourceServerClient(new ResourceServerClientOptions { Resilience = { UseJitter = false } }, api: cognito, timeProvider: time);
        cognito.Faults.FailNext(CognitoOperation.CreateResourceServer, 1, FaultKind.TooManyRequests);

        await time.RunUntilCompletedAsync(client.CreateAsync(new ResourceServer(pool.Id, "https://api", "api")), TimeSpan.FromMilliseconds(50));

        Assert.Equal(2, cognito.Statistics.GetReceived(CognitoOperation.CreateResourceServer));
        Assert.True(await IsPacedAsync(client, pool.Id, time));
    }

    [Fact]
    public void A_client_built_by_hand_without_any_region_names_the_setting()
    {
        if (Amazon.Runtime.FallbackRegionFactory.GetRegionEndpoint() is null)
        {
            var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new ResourceServerClient());
            Assert.Contains("ResourceServers:Region", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_test_kit_paces_only_an_in_memory_Cognito_that_enforces_quotas(bool enforced)
    {
        var time = new FakeTimeProvider();
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = enforced, TimeProvider = time });
        var pool = await cognito.CreateUserPoolAsync("p");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddResourceServerClient().UseInMemoryCognito(cognito);
        using var provider = services.BuildServiceProvider();

        var registered = provider.GetRequiredService<IResourceServerClient>();

        Assert.Equal(enforced, await IsPacedAsync(registered, pool.Id, time));
        Assert.Equal(enforced, await IsPacedAsync(cognito.CreateClient(), pool.Id, time));
    }

    // Six reads of one pool at one instant: a paced client holds the sixth back (5 a second per operation and pool)
    // until time moves; an unpaced one sends all six at once.
    private static async Task<bool> IsPacedAsync(IResourceServerClient client, string pool, FakeTimeProvider time)
    {
        var reads = Enumerable.Range(0, 6).Select(_ => client.FindAsync(pool, "https://absent")).ToList();
        var heldBack = reads.Any(r => !r.IsCompleted);
        await time.RunUntilCompletedAsync(Task.WhenAll(reads), TimeSpan.FromMilliseconds(100));
        time.Advance(TimeSpan.FromSeconds(2));
        return heldBack;
    }

    [Fact]
    public async Task A_call_held_back_by_pacing_says_so_in_a_Debug_log_and_on_its_span()
    {
        var time = new FakeTimeProvider();
        var cognito = new InMemoryCognito();
        var pool = await cognito.CreateUserPoolAsync("p");
        await cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool.Id, Identifier = "https://api", Name = "api" });
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var options = new ResourceServerClientOptions { Resilience = { Pacing = { PerOperationPerUserPoolPerSecond = 1 } } };
        var client = new ResourceServerClient(options, api: cognito, loggerFactory: loggerFactory, timeProvider: time);
        var events = new List<ActivityEvent>();

        // Only this test's spans: tests running alongside have paced calls of their own.
        using var root = new Activity("test").Start();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ResourceServerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == root.TraceId)
                {
                    lock (events)
                    {
                        events.AddRange(a.Events);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await client.GetAsync(pool.Id, "https://api");
        var second = client.GetAsync(pool.Id, "https://api");
        await time.RunUntilCompletedAsync(second, TimeSpan.FromMilliseconds(100));

        var waited = Assert.Single(logs.Collector.GetSnapshot(), r => r.Id.Name == "PacingWaited");
        Assert.Equal(LogLevel.Debug, waited.Level);
        lock (events)
        {
            var pacing = Assert.Single(events, e => e.Name == ResourceServerTelemetry.PacingWaitEvent);
            Assert.True((double)pacing.Tags.Single(t => t.Key == ResourceServerTelemetry.PacingWaitMsTag).Value! >= 900);
        }
    }

    [Theory]
    [InlineData(true, "cognito-idp.DescribeResourceServer")]
    [InlineData(false, "ResourceServers.Get")]
    public async Task The_pacing_wait_is_an_event_on_the_request_span_or_on_the_operations_when_requests_are_not_sampled(bool sampleRequests, string spanWithTheEvent)
    {
        var time = new FakeTimeProvider();
        var cognito = new InMemoryCognito();
        var pool = await cognito.CreateUserPoolAsync("p");
        await cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool.Id, Identifier = "https://api", Name = "api" });
        var options = new ResourceServerClientOptions { Resilience = { Pacing = { PerOperationPerUserPoolPerSecond = 1 } } };
        var client = new ResourceServerClient(options, api: cognito, timeProvider: time);
        var spans = new List<(string Name, string[] Events)>();

        // Only this test's trace; request spans (cognito-idp.*) dropped by the sampler when the test says so.
        using var root = new Activity("test").Start();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ResourceServerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Parent.TraceId != root.TraceId ? ActivitySamplingResult.None
                : sampleRequests || !o.Name.StartsWith("cognito-idp.", StringComparison.Ordinal) ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.None,
            ActivityStopped = a =>
            {
                if (a.TraceId == root.TraceId)
                {
                    lock (spans)
                    {
                        spans.Add((a.OperationName, [.. a.Events.Select(e => e.Name)]));
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await client.GetAsync(pool.Id, "https://api");
        var second = client.GetAsync(pool.Id, "https://api");
        await time.RunUntilCompletedAsync(second, TimeSpan.FromMilliseconds(100));

        lock (spans)
        {
            var waited = Assert.Single(spans, s => s.Events.Contains(ResourceServerTelemetry.PacingWaitEvent));
            Assert.Equal(spanWithTheEvent, waited.Name);
            Assert.Equal(sampleRequests, spans.Any(s => s.Name.StartsWith("cognito-idp.", StringComparison.Ordinal)));
        }
    }
}
