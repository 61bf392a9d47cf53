using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Coordination;

/// <summary>
/// The distributed per-key lock around read-modify-write units, as users of several processes see it: one unit per
/// key at a time across clients, keys named by prefix, endpoint, pool and identifier; a unit whose lease is lost
/// before it writes writes nothing and starts over, or fails typed after three losses; a lock service that cannot be
/// reached fails the unit typed (nothing read or written) or, with FallbackToLocal, is logged and passed by.
/// </summary>
public sealed class UnitLockTests : IDisposable
{
    private const string Identifier = "https://orders.example.com";
    private const string Coordinator = "in-memory locks";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly InMemoryCognito _cognito = new();
    private readonly InMemoryLockProvider _locks = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public UnitLockTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(_logs));
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task A_patch_holds_the_lock_named_by_prefix_endpoint_pool_and_identifier_and_releases_it()
    {
        var pool = await SeedAsync();

        await Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("write", "Write"));

        // A client over a wire port of its own has no endpoint; its keys say "port" where the endpoint would be.
        Assert.Equal([$"resourceservers:lock:port:{pool}:{Identifier}"], _locks.Acquired);
        Assert.Equal(1, _locks.Releases);
        Assert.False(_locks.IsHeld(LockName(pool)));
    }

    [Fact]
    public async Task Every_read_modify_write_unit_takes_the_lock_of_its_own_key_and_a_plain_read_takes_none()
    {
        var pool = await SeedAsync();
        var client = Client();
        var current = await client.GetAsync(pool, Identifier);
        Assert.Empty(_locks.Requested);

        await client.PatchAsync(pool, Identifier, ResourceServerPatch.Rename("orders-1"));
        await client.UpdateIfUnchangedAsync(current with { Name = "orders-1" }, current with { Name = "orders-2" });
        await client.EnsureAsync(new ResourceServer(pool, "https://billing.example.com", "billing", []));
        await _cognito.CreateClient().CreateAsync(new ResourceServer(pool, "https://legacy.example.com", "legacy", []));
        await client.EnsureAllAsync(pool, [new ResourceServer(pool, Identifier, "orders-3", []), new ResourceServer(pool, "https://billing.example.com", "billing", [])], deleteUnlisted: true);

        // The ensure-all reads the set once, writes only the server that differs, and deletes the unlisted one: each
        // under its own key. Billing is already as wanted, so it costs no lock.
        Assert.Equal(
            [LockName(pool), LockName(pool), LockName(pool, "https://billing.example.com"), LockName(pool), LockName(pool, "https://legacy.example.com")],
            _locks.Acquired);
        Assert.Equal(_locks.Acquired.Count, _locks.Releases);
    }

    [Fact]
    public async Task The_key_prefix_names_every_lock_and_separates_the_environments_sharing_one_lock_service()
    {
        var pool = await SeedAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        HoldFirstDescribeAfterItIsServed(read, held);
        var blue = Client(new ResourceServerCoordination(_locks, Coordinator) { KeyPrefix = "blue" });
        var green = Client(new ResourceServerCoordination(_locks, Coordinator) { KeyPrefix = "green" });

        var blueUnit = blue.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("blue", "Blue"));
        await read.Task.WaitAsync(Patience);
        await green.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("green", "Green")).WaitAsync(Patience);
        held.SetResult();
        await blueUnit.WaitAsync(Patience);

        Assert.Equal([$"blue:lock:port:{pool}:{Identifier}", $"green:lock:port:{pool}:{Identifier}"], _locks.Acquired);
    }

    [Fact]
    public async Task A_client_of_a_Cognito_endpoint_names_the_endpoint_in_its_lock_keys()
    {
        _locks.Unavailable = _ => new InvalidOperationException("refused");
        var options = new ResourceServerClientOptions { Region = "eu-west-1", Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "not-a-secret"), Resilience = { Pacing = { Enabled = false } } };
        var client = new ResourceServerClient(options, coordination: new ResourceServerCoordination(_locks, Coordinator));

        await Assert.ThrowsAsync<ResourceServerCoordinationException>(() => client.PatchAsync("eu-west-1_AbC123", Identifier, ResourceServerPatch.Rename("orders")));

        Assert.Equal([$"resourceservers:lock:cognito-idp.eu-west-1.amazonaws.com:eu-west-1_AbC123:{Identifier}"], _locks.Requested);
    }

    [Fact]
    public async Task Units_of_two_clients_on_one_key_run_one_at_a_time_so_neither_loses_the_other_s_change_while_other_keys_go_on()
    {
        var pool = await SeedAsync();
        var otherPool = (await _cognito.CreateUserPoolAsync("other")).Id;
        await _cognito.CreateClient().CreateAsync(new ResourceServer(otherPool, Identifier, "orders", []));
        await _cognito.CreateClient().CreateAsync(new ResourceServer(pool, "https://billing.example.com", "billing", []));

        // The first process has read and pauses before its write, holding the key.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        HoldFirstDescribeAfterItIsServed(read, held);
        var first = Client();
        var second = Client();
        var firstUnit = first.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("first", "First"));
        await read.Task.WaitAsync(Patience);

        var secondUnit = second.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("second", "Second"));
        await WaitUntilAsync(() => _locks.Requested.Count(n => n == LockName(pool)) == 2);
        await second.PatchAsync(pool, "https://billing.example.com", ResourceServerPatch.AddOrUpdateScope("second", "Second")).WaitAsync(Patience);
        await second.PatchAsync(otherPool, Identifier, ResourceServerPatch.AddOrUpdateScope("second", "Second")).WaitAsync(Patience);
        Assert.False(secondUnit.IsCompleted);

        held.SetResult();
        await Task.WhenAll(firstUnit, secondUnit).WaitAsync(Patience);

        Assert.Equal(["first", "second"], await ScopesAsync(pool));
    }

    [Fact]
    public async Task A_lease_lost_between_read_and_write_writes_nothing_and_the_unit_starts_over_from_a_fresh_read()
    {
        var pool = await SeedAsync();

        // After the unit's first read another process, whose turn it now is, adds a scope; the lease is gone.
        AfterEachDescribe(async (call, _) =>
        {
            if (call == 1)
            {
                await _cognito.CreateClient().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("theirs", "Theirs"));
                _locks.LoseLease(LockName(pool));
            }
        });

        var change = await Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours"));
        var describes = _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer);

        Assert.Equal(["ours", "theirs"], await ScopesAsync(pool));
        Assert.Equal(["theirs"], change.Before!.Scopes.Select(s => s.Name));

        // The unit read twice; the other process read once in between.
        Assert.Equal(2 + 1, describes);
        Assert.Equal([LockName(pool), LockName(pool)], _locks.Acquired);
        Assert.Equal(2, _locks.Releases);
        var warning = Assert.Single(Logged("LeaseLostStartingOver"));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(21, warning.Id.Id);
        Assert.Equal($"The lock of resource server {Identifier} in user pool {pool} was lost before the write ({Coordinator}); nothing written, starting over", warning.Message);
    }

    [Fact]
    public async Task A_unit_that_loses_its_lease_twice_starts_over_twice_and_writes_once()
    {
        var pool = await SeedAsync();
        AfterEachDescribe((call, _) => LoseIf(call <= 2, pool));

        await Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours"));

        Assert.Equal(["ours"], await ScopesAsync(pool));
        Assert.Equal(3, _locks.Acquired.Count);
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(2, Logged("LeaseLostStartingOver").Count);
    }

    [Fact]
    public async Task A_unit_that_loses_its_lease_before_every_write_fails_typed_after_three_tries_and_writes_nothing()
    {
        var pool = await SeedAsync();
        AfterEachDescribe((_, _) => LoseIf(true, pool));

        var error = await Assert.ThrowsAsync<ResourceServerCoordinationException>(() => Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours")));
        _cognito.Faults.Clear();

        Assert.Equal(Coordinator, error.Coordinator);
        Assert.Equal($"The lock of resource server '{Identifier}' in pool '{pool}' was lost before the write 3 times in a row, so nothing was written; check {Coordinator}.", error.Message);
        Assert.Equal("The lease of the unit's distributed lock was lost before the write.", error.InnerException?.Message);
        Assert.Equal(3, _locks.Acquired.Count);
        Assert.Equal(3, _locks.Releases);
        Assert.Equal(0, _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Empty(await ScopesAsync(pool));
        Assert.Equal(2, Logged("LeaseLostStartingOver").Count);
    }

    [Fact]
    public async Task A_lease_lost_while_a_call_of_the_unit_waits_cancels_that_call_and_the_unit_starts_over()
    {
        var pool = await SeedAsync();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        BeforeEachDescribe(async (call, ct) =>
        {
            if (call == 1)
            {
                waiting.SetResult();
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    throw;
                }
            }
        });

        var unit = Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours"));
        await waiting.Task.WaitAsync(Patience);
        _locks.LoseLease(LockName(pool));
        await unit.WaitAsync(Patience);

        Assert.True(cancelled);
        Assert.Equal(["ours"], await ScopesAsync(pool));
        Assert.Equal(2, _locks.Acquired.Count);
        Assert.Single(Logged("LeaseLostStartingOver"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_service_error_in_a_unit_is_reported_as_it_is_without_starting_over_even_when_the_lease_was_lost_meanwhile(bool leaseLost)
    {
        var pool = await SeedAsync();
        BeforeEachDescribe((_, _) =>
        {
            if (leaseLost)
            {
                _locks.LoseLease(LockName(pool));
            }

            throw CognitoServiceException.FromErrorCode("NotAuthorizedException", "Access denied.", HttpStatusCode.BadRequest);
        });

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours")));

        Assert.Equal("NotAuthorizedException", error.ErrorCode);
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Single(_locks.Acquired);
        Assert.Empty(Logged("LeaseLostStartingOver"));
    }

    [Fact]
    public async Task A_cancellation_that_is_not_the_caller_s_nor_a_lost_lease_is_reported_as_it_is()
    {
        var pool = await SeedAsync();
        BeforeEachDescribe((_, _) => throw new OperationCanceledException("The port gave up."));

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours")));

        // Not the caller's cancellation, so the library's exception, with the port's own as the cause.
        Assert.Equal("The port gave up.", Assert.IsType<OperationCanceledException>(error.InnerException).Message);
        Assert.Single(_locks.Acquired);
        Assert.Empty(Logged("LeaseLostStartingOver"));
    }

    [Fact]
    public async Task The_caller_s_cancellation_ends_the_unit_without_starting_over_even_when_the_lease_is_lost_at_the_same_moment()
    {
        var pool = await SeedAsync();
        using var caller = new CancellationTokenSource();
        BeforeEachDescribe((_, ct) =>
        {
            caller.Cancel();
            _locks.LoseLease(LockName(pool));
            ct.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours"), caller.Token));

        Assert.Single(_locks.Acquired);
        Assert.Equal(1, _locks.Releases);
        Assert.Empty(Logged("LeaseLostStartingOver"));
    }

    [Theory]
    [MemberData(nameof(CoordinationServiceFailures.Unreachable), MemberType = typeof(CoordinationServiceFailures))]
    public async Task A_lock_service_that_cannot_be_reached_fails_the_unit_typed_naming_the_service_and_nothing_is_read_or_written(string unreachable)
    {
        var failure = CoordinationServiceFailures.Rows[unreachable]();
        var pool = await SeedAsync();
        _locks.Unavailable = _ => failure;
        var client = Client();

        var error = await Assert.ThrowsAsync<ResourceServerCoordinationException>(() => client.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours")));

        Assert.Equal(Coordinator, error.Coordinator);
        Assert.Same(failure, error.InnerException);
        Assert.Equal(
            $"Could not take the lock of resource server '{Identifier}' in pool '{pool}' from {Coordinator} ({failure.GetType().Name}), so nothing was read or written. "
            + "The client reconnects by itself; retry later, or set FallbackToLocal to go on without coordination.",
            error.Message);
        Assert.Equal(0, _cognito.Statistics.TotalReceived);
        Assert.Empty(Logged("CoordinationFallback"));

        // Once the service is back the same client patches that key again: the failed unit left no local lock behind.
        _locks.Unavailable = null;
        await client.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours")).WaitAsync(Patience);
        Assert.Equal(["ours"], await ScopesAsync(pool));
    }

    [Fact]
    public async Task A_lock_service_that_cannot_be_reached_with_FallbackToLocal_logs_a_warning_and_the_unit_goes_on_under_the_local_lock()
    {
        var pool = await SeedAsync();
        var failure = new InvalidOperationException("No connection is active/available to service this operation.");
        _locks.Unavailable = _ => failure;

        await Client(new ResourceServerCoordination(_locks, Coordinator) { FallbackToLocal = true }).PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours"));

        Assert.Equal(["ours"], await ScopesAsync(pool));
        var warning = Assert.Single(Logged("CoordinationFallback"));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(20, warning.Id.Id);
        Assert.Same(failure, warning.Exception);
        Assert.Equal($"Coordination service {Coordinator} unavailable for the lock of user pool {pool}, {Identifier}; going on with local coordination only (FallbackToLocal)", warning.Message);
    }

    [Fact]
    public async Task The_caller_s_cancellation_while_waiting_for_the_lock_is_not_an_unavailable_service_and_leaves_no_lock_behind()
    {
        var pool = await SeedAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var coordination = new ResourceServerCoordination(_locks, Coordinator) { FallbackToLocal = true };
        HoldFirstDescribeAfterItIsServed(read, held);
        var first = Client(coordination);
        var second = Client(coordination);
        var firstUnit = first.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("first", "First"));
        await read.Task.WaitAsync(Patience);

        using var caller = new CancellationTokenSource();
        var waitingUnit = second.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("second", "Second"), caller.Token);
        await WaitUntilAsync(() => _locks.Requested.Count == 2);
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waitingUnit.WaitAsync(Patience));
        Assert.Empty(Logged("CoordinationFallback"));
        held.SetResult();
        await firstUnit.WaitAsync(Patience);
        await second.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("second", "Second")).WaitAsync(Patience);

        Assert.Equal(["first", "second"], await ScopesAsync(pool));
    }

    [Fact]
    public async Task A_lease_that_cannot_be_released_leaves_the_unit_s_outcome_standing()
    {
        var pool = await SeedAsync();
        _locks.ReleaseFailure = new InvalidOperationException("No connection is active/available to service this operation.");

        var change = await Client().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours"));

        Assert.Equal(ResourceServerChangeKind.Updated, change.Kind);
        Assert.Equal(["ours"], await ScopesAsync(pool));
        Assert.Equal(1, _locks.Releases);
    }

    private ResourceServerClient Client(ResourceServerCoordination? coordination = null) =>
        new(
            new ResourceServerClientOptions { Resilience = { Pacing = { Enabled = false } } },
            _cognito,
            loggerFactory: _loggerFactory,
            coordination: coordination ?? new ResourceServerCoordination(_locks, Coordinator));

    // A unit waiting (for a pacing slot, say) when its lease is lost must stop waiting: its token is cancelled by the
    // loss, and the unit starts over holding a fresh lease.
    [Fact]
    public async Task A_unit_waiting_when_its_lease_is_lost_is_cancelled_and_starts_over()
    {
        var locks = new UnitLocks(new ResourceServerCoordination(_locks, Coordinator), "port", _loggerFactory.CreateLogger("test"));
        var runs = 0;

        var result = await locks.RunAsync(
            "us-east-1_abc",
            Identifier,
            async (_, token) =>
            {
                if (++runs == 1)
                {
                    _locks.LoseLease(LockName("us-east-1_abc"));
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                }

                return runs;
            },
            CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(2, result);
        Assert.Equal(2, _locks.Releases);
    }

    // Another process's moment between a unit's read and its write: the hook runs once each DescribeResourceServer
    // was served, given its number (from 1), and the answer waits for it.
    private void AfterEachDescribe(Func<long, CancellationToken, Task> hook) =>
        _cognito.Faults.AfterServing(CognitoOperation.DescribeResourceServer, (request, ct) => hook(request.Number, ct));

    private void BeforeEachDescribe(Func<long, CancellationToken, Task> hook) =>
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (request, ct) => hook(request.Number, ct));

    // The first unit to read pauses between its read and its write, holding its key, until the test lets it go on.
    private void HoldFirstDescribeAfterItIsServed(TaskCompletionSource read, TaskCompletionSource held) =>
        AfterEachDescribe((call, ct) =>
        {
            if (call != 1)
            {
                return Task.CompletedTask;
            }

            read.TrySetResult();
            return held.Task.WaitAsync(ct);
        });

    private static string LockName(string pool, string identifier = Identifier) => $"resourceservers:lock:port:{pool}:{identifier}";

    private Task LoseIf(bool lose, string pool)
    {
        if (lose)
        {
            _locks.LoseLease(LockName(pool));
        }

        return Task.CompletedTask;
    }

    private async Task<string> SeedAsync()
    {
        var pool = (await _cognito.CreateUserPoolAsync("coordination")).Id;
        await _cognito.CreateClient().CreateAsync(new ResourceServer(pool, Identifier, "orders", []));
        _cognito.Statistics.Reset();
        return pool;
    }

    private async Task<IEnumerable<string>> ScopesAsync(string pool) =>
        (await _cognito.CreateClient().GetAsync(pool, Identifier)).Scopes.Select(s => s.Name).Order(StringComparer.Ordinal);

    private List<FakeLogRecord> Logged(string eventName) => [.. _logs.Collector.GetSnapshot().Where(r => r.Id.Name == eventName)];

    // Polls until another task has reached a point the test cannot await directly; bounded, not a sleep.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within the test's patience.");
            await Task.Delay(1);
        }
    }
}
