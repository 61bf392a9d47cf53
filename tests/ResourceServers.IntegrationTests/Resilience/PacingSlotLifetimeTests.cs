using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;
using ResourceServers.Tests;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>
/// A paced call holds its slot until a second after it is answered, not after it was sent: the service counts a call
/// when it arrives, which may be as late as the answer, so a slow call must not free its slot for the next second's
/// calls early (the boundary throttling the bulk-apply benchmark and <see cref="PacingUnderQuotasOverHttpTests"/> showed).
/// </summary>
public class PacingSlotLifetimeTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryCognito _cognito;
    private readonly ConcurrentQueue<TaskCompletionSource> _open = new();
    private string _pool = "";

    public PacingSlotLifetimeTests()
    {
        // Every DescribeResourceServer stays open until the test answers it.
        _cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = _time });
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (_, _) =>
        {
            var call = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _open.Enqueue(call);
            return call.Task;
        });
    }

    private long Received => _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer);

    [Fact]
    public async Task A_slot_frees_one_second_after_the_answer_not_after_the_send()
    {
        await SeedAsync();
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions());
        var first = Enumerable.Range(0, 5).Select(_ => Describe(client)).ToList();
        Assert.Equal(5, Received);

        // The five took 400 ms to be answered; the service may have counted them as late as that.
        _time.Advance(TimeSpan.FromMilliseconds(400));
        AnswerAll();
        await Task.WhenAll(first);
        var sixth = Describe(client);

        _time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(5, Received);
        _time.Advance(TimeSpan.FromMilliseconds(399));
        Assert.Equal(5, Received);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForAsync(() => Received == 6);
        AnswerAll();
        await sixth;
    }

    [Fact]
    public async Task Calls_still_in_flight_keep_their_slots_however_long_they_take()
    {
        // The sixth call queues for six seconds here; the queue limit is not what this test is about.
        await SeedAsync();
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions { MaxQueueWait = TimeSpan.FromMinutes(1) });
        var first = Enumerable.Range(0, 5).Select(_ => Describe(client)).ToList();
        var sixth = Describe(client);

        // Without answers the slots stay taken: five seconds go by, then the five are answered, and the sixth goes
        // a second after that, not a second after the sends.
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        AnswerAll();
        await Task.WhenAll(first);
        Assert.Equal(5, Received);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(5, Received);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForAsync(() => Received == 6);
        AnswerAll();
        await sixth;
    }

    private async Task SeedAsync()
    {
        _pool = (await _cognito.CreateUserPoolAsync("pool")).Id;
        await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = _pool, Identifier = "api", Name = "api" });
    }

    private void AnswerAll()
    {
        while (_open.TryDequeue(out var call))
        {
            call.SetResult();
        }
    }

    private Task<ResourceServer> Describe(IResourceServerClient client) => client.GetAsync(_pool, "api");

    // The paced call resumes on the thread pool after the fake clock fires its timer.
    private static Task WaitForAsync(Func<bool> condition) =>
        HttpResilienceHarness.WaitUntilAsync(condition, "the waiting call is sent", TimeSpan.FromSeconds(10));
}
