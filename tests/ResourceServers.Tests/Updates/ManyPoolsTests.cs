using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Updates;

/// <summary>
/// EnsurePoolsAsync, PlanPoolsAsync and ApplyPlansAsync over the in-memory Cognito: pools really run side by side (a
/// bounded number at a time), a failing pool leaves the others done, cancellation stops the run, and each pool has
/// its own multi-call deadline. Concurrency is observed by holding the in-memory Cognito's listings open until enough are in flight.
/// </summary>
public class ManyPoolsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly InMemoryCognito _cognito = new();

    [Fact]
    public async Task Pools_are_read_side_by_side_up_to_the_bound()
    {
        var pools = await PoolsAsync(ConcurrentPools.MaxConcurrency + 4);
        var gate = new ListingGate(_cognito, openAt: ConcurrentPools.MaxConcurrency);

        var plans = await Client().PlanPoolsAsync(pools.Select(p => Desired(p, "https://new.example.com"))).WaitAsync(Guard);

        // The gate opened only once 16 listings were held at once; no more than 16 were ever in flight.
        Assert.Equal(ConcurrentPools.MaxConcurrency, gate.MaxInFlight);
        Assert.Equal(pools, plans.Select(p => p.UserPoolId));
        Assert.All(plans, p => Assert.Equal(ResourceServerChangeKind.Created, Assert.Single(p.Changes).Kind));
    }

    [Fact]
    public async Task A_pool_that_fails_does_not_hide_the_others()
    {
        var pools = await PoolsAsync(3);
        var missing = _cognito.Region + "_missing01";
        var desired = new[] { Desired(pools[0], "https://a.example.com"), Desired(missing, "https://b.example.com"), Desired(pools[1], "https://c.example.com"), Desired(pools[2], "https://d.example.com") };

        var results = await _cognito.CreateClient().EnsurePoolsAsync(desired);

        Assert.Equal([pools[0], missing, pools[1], pools[2]], results.Select(r => r.UserPoolId));
        var failed = results[1];
        Assert.False(failed.Succeeded);
        Assert.Empty(failed.Changes);
        var error = Assert.IsAssignableFrom<CognitoServiceException>(failed.Error);
        Assert.Equal(CognitoErrorCodes.ResourceNotFound, error.ErrorCode);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        foreach (var done in results.Where(r => r.UserPoolId != missing))
        {
            Assert.True(done.Succeeded, done.ToString());
            Assert.Equal(ResourceServerChangeKind.Created, Assert.Single(done.Changes).Kind);
            Assert.Single(await _cognito.CreateClient().ListAsync(done.UserPoolId).ToListAsync());
        }
    }

    [Fact]
    public async Task A_pool_that_fails_part_way_keeps_what_it_did_and_the_others_go_on()
    {
        var pools = await PoolsAsync(2);
        var client = _cognito.CreateClient();
        var plans = await client.PlanPoolsAsync([Desired(pools[0], "https://a.example.com", "https://b.example.com"), Desired(pools[1], "https://c.example.com")]);

        // The first pool's second create is refused (and not retried), after its first create went through.
        var options = new ResourceServerClientOptions { Resilience = { MaxAttempts = 1 } };
        options.Resilience.Pacing.Enabled = false;
        var creates = 0;
        _cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, (request, _) =>
            request.UserPoolId == pools[0] && Interlocked.Increment(ref creates) == 2
                ? throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "refused for the test", System.Net.HttpStatusCode.InternalServerError, "req-1")
                : Task.CompletedTask);
        var progress = new CollectingProgress();

        var results = await new ResourceServerClient(options, api: _cognito).ApplyPlansAsync(plans, progress);

        Assert.False(results[0].Succeeded);
        Assert.Equal(["https://a.example.com"], results[0].Changes.Select(c => c.Identifier));
        Assert.Equal(CognitoErrorCodes.InternalError, Assert.IsAssignableFrom<CognitoServiceException>(results[0].Error).ErrorCode);
        Assert.True(results[1].Succeeded);
        Assert.Equal(["https://a.example.com", "https://c.example.com"], progress.Changes.Select(c => c.Identifier).Order());
    }

    [Fact]
    public async Task Plan_then_apply_lists_each_pool_once_and_reports_each_change_as_it_is_made()
    {
        var pools = await PoolsAsync(4);
        var client = _cognito.CreateClient();
        foreach (var pool in pools)
        {
            await client.CreateAsync(new ResourceServer(pool, "https://api.example.com", "api", [new ResourceServerScope("read", "Read")]));
            await client.CreateAsync(new ResourceServer(pool, "https://kept.example.com", "kept"));
        }

        _cognito.Statistics.Reset();
        var desired = pools.Select(p => new DesiredUserPool(p, [
            new ResourceServer(p, "https://api.example.com", "api", [new ResourceServerScope("read", "Read"), new ResourceServerScope("write", "Write")]),
            new ResourceServer(p, "https://kept.example.com", "kept"),
        ])).ToList();
        var progress = new CollectingProgress();

        var plans = await client.PlanPoolsAsync(desired);
        var applied = await client.ApplyPlansAsync(plans, progress);

        Assert.All(applied, r => Assert.Equal([ResourceServerChangeKind.Updated, ResourceServerChangeKind.Unchanged], r.Changes.Select(c => c.Kind)));
        Assert.Equal(pools.Order(), progress.Changes.Select(c => c.UserPoolId).Order());
        Assert.All(progress.Changes, c => Assert.Equal(ResourceServerChangeKind.Updated, c.Kind));
        Assert.Equal(pools.Count, _cognito.Statistics[CognitoOperation.ListResourceServers].Received);
        Assert.Equal(pools.Count, _cognito.Statistics[CognitoOperation.DescribeResourceServer].Received);
        Assert.Equal(pools.Count, _cognito.Statistics[CognitoOperation.UpdateResourceServer].Received);
        Assert.Empty(await client.PlanPoolsAsync(desired).ContinueWith(t => t.Result.SelectMany(r => r.Changes).Where(c => c.HasChanges).ToList(), TaskScheduler.Default));
    }

    [Fact]
    public async Task Ensure_with_deletion_deletes_last_in_each_pool_and_a_pool_whose_plan_failed_is_left_as_given()
    {
        var pools = await PoolsAsync(2);
        var client = _cognito.CreateClient();
        await client.CreateAsync(new ResourceServer(pools[0], "https://old.example.com", "old"));
        var unplanned = new UserPoolResult(pools[1], [], new InvalidOperationException("not read"));

        var ensured = await client.EnsurePoolsAsync([Desired(pools[0], "https://new.example.com")], deleteUnlisted: true);
        var applied = await client.ApplyPlansAsync([unplanned]);

        Assert.Equal([ResourceServerChangeKind.Created, ResourceServerChangeKind.Deleted], ensured[0].Changes.Select(c => c.Kind));
        Assert.Equal(["https://new.example.com"], (await client.ListAsync(pools[0]).ToListAsync()).Select(s => s.Identifier));
        Assert.Same(unplanned, Assert.Single(applied));
    }

    [Fact]
    public async Task Cancellation_stops_every_pool_and_throws()
    {
        var pools = await PoolsAsync(3);
        var gate = new ListingGate(_cognito, openAt: int.MaxValue);
        using var cancel = new CancellationTokenSource();

        var run = Client().EnsurePoolsAsync(pools.Select(p => Desired(p, "https://new.example.com")), cancellationToken: cancel.Token);
        await gate.InFlightReached(3).WaitAsync(Guard);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Guard));
        Assert.Equal(0, _cognito.Statistics[CognitoOperation.CreateResourceServer].Received);
    }

    [Fact]
    public async Task Each_pool_has_its_own_multi_call_deadline()
    {
        var time = new FakeTimeProvider();
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = time });
        var slow = (await cognito.CreateUserPoolAsync("slow")).Id;
        var quick = (await cognito.CreateUserPoolAsync("quick")).Id;
        // Listings of the slow pool wait an hour of the fake clock (cancellable); the others go straight through.
        var slowListingStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cognito.Faults.BeforeServing(CognitoOperation.ListResourceServers, async (request, ct) =>
        {
            if (request.UserPoolId == slow)
            {
                var delay = Task.Delay(TimeSpan.FromHours(1), time, ct);
                slowListingStarted.TrySetResult();
                await delay;
            }
        });
        var options = new ResourceServerClientOptions { Resilience = { MultiCallTimeout = TimeSpan.FromSeconds(30), AttemptTimeout = TimeSpan.FromHours(2), TotalTimeout = TimeSpan.FromHours(3) } };
        options.Resilience.Pacing.Enabled = false;
        var client = new ResourceServerClient(options, api: cognito, timeProvider: time);

        var quickDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new ProgressOf(change => quickDone.TrySetResult());
        var run = client.EnsurePoolsAsync([Desired(slow, "https://a.example.com"), Desired(quick, "https://b.example.com")], progress: progress);
        await slowListingStarted.Task.WaitAsync(Guard);
        await quickDone.Task.WaitAsync(Guard);
        time.Advance(TimeSpan.FromSeconds(31));
        var results = await run.WaitAsync(Guard);

        var error = Assert.IsAssignableFrom<CognitoServiceException>(results[0].Error);
        Assert.Equal(CognitoErrorCodes.Timeout, error.ErrorCode);
        Assert.StartsWith($"EnsureAll of user pool '{slow}'", error.ServiceMessage, StringComparison.Ordinal);
        Assert.True(results[1].Succeeded, results[1].ToString());
        Assert.Equal(ResourceServerChangeKind.Created, Assert.Single(results[1].Changes).Kind);
    }

    [Fact]
    public async Task Bad_input_is_refused_before_any_call_naming_the_entry()
    {
        var pools = await PoolsAsync(2);
        var client = _cognito.CreateClient();

        var twice = await Assert.ThrowsAsync<ArgumentException>(() => client.EnsurePoolsAsync([Desired(pools[0], "https://a.example.com"), Desired(pools[0], "https://b.example.com")]));
        var elsewhere = await Assert.ThrowsAsync<ArgumentException>(() => client.PlanPoolsAsync([Desired(pools[0], "https://a.example.com"), new DesiredUserPool(pools[1], [new ResourceServer(pools[0], "https://b.example.com", "b")])]));
        var notPlans = await Assert.ThrowsAsync<ArgumentException>(() => client.ApplyPlansAsync([new UserPoolResult(pools[0], [ResourceServerChange.Created(new ResourceServer(pools[0], "https://a.example.com", "a"))])]));

        Assert.Contains($"pools[1]: user pool '{pools[0]}' appears more than once", twice.Message, StringComparison.Ordinal);
        Assert.Contains($"pools[1] (user pool '{pools[1]}'): desired[0].UserPoolId", elsewhere.Message, StringComparison.Ordinal);
        Assert.Contains($"plans[0] (user pool '{pools[0]}'): Changes[0] is not a plan", notPlans.Message, StringComparison.Ordinal);
        Assert.Contains("is not a plan", notPlans.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.Statistics[CognitoOperation.ListResourceServers].Received);
    }

    private static DesiredUserPool Desired(string pool, params string[] identifiers) =>
        new(pool, identifiers.Select(i => new ResourceServer(pool, i, "api", [new ResourceServerScope("read", "Read")])));

    private ResourceServerClient Client()
    {
        var options = new ResourceServerClientOptions();
        options.Resilience.Pacing.Enabled = false;
        return new ResourceServerClient(options, api: _cognito);
    }

    private async Task<List<string>> PoolsAsync(int count)
    {
        var pools = new List<string>();
        for (var i = 0; i < count; i++)
        {
            pools.Add((await _cognito.CreateUserPoolAsync($"tenant{i}")).Id);
        }

        return pools;
    }

    private sealed class CollectingProgress : IProgress<ResourceServerChange>
    {
        private readonly ConcurrentQueue<ResourceServerChange> _changes = new();

        public IReadOnlyList<ResourceServerChange> Changes => [.. _changes];

        public void Report(ResourceServerChange value) => _changes.Enqueue(value);
    }

    /// <summary>Holds every listing of the in-memory Cognito open until <c>openAt</c> are in flight at once, then lets all through; records the most seen at once.</summary>
    private sealed class ListingGate
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _reached = new();
        private readonly object _gate = new();
        private readonly int _openAt;
        private int _inFlight;

        public ListingGate(InMemoryCognito cognito, int openAt)
        {
            _openAt = openAt;
            cognito.Faults.BeforeServing(CognitoOperation.ListResourceServers, HoldAsync);
        }

        public int MaxInFlight { get; private set; }

        public Task InFlightReached(int count)
        {
            var reached = _reached.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            lock (_gate)
            {
                if (MaxInFlight >= count)
                {
                    reached.TrySetResult();
                }
            }

            return reached.Task;
        }

        // The listing itself runs synchronously once the hook returns, so it leaves the flight here.
        private async Task HoldAsync(ReceivedCognitoRequest request, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _inFlight++;
                MaxInFlight = Math.Max(MaxInFlight, _inFlight);
                if (_inFlight >= _openAt)
                {
                    _open.TrySetResult();
                }

                foreach (var (count, reached) in _reached)
                {
                    if (_inFlight >= count)
                    {
                        reached.TrySetResult();
                    }
                }
            }

            try
            {
                await _open.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight--;
                }
            }
        }
    }

    /// <summary>Reports each change synchronously (<see cref="Progress{T}"/> would post it to the thread pool).</summary>
    private sealed class ProgressOf(Action<ResourceServerChange> report) : IProgress<ResourceServerChange>
    {
        public void Report(ResourceServerChange value) => report(value);
    }
}
