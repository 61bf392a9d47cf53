
namespace ResourceServers.Tests.Updates;

public class KeyedAsyncLockTests
{
    [Fact]
    public async Task A_second_holder_of_the_same_key_waits_for_the_first()
    {
        var locks = new KeyedAsyncLock<string>();
        var first = await locks.AcquireAsync("a", CancellationToken.None);

        var second = locks.AcquireAsync("a", CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
        Assert.Equal(0, locks.ActiveKeys);
    }

    [Fact]
    public async Task Different_keys_do_not_wait_for_each_other()
    {
        var locks = new KeyedAsyncLock<string>();
        using var a = await locks.AcquireAsync("a", CancellationToken.None);

        var b = locks.AcquireAsync("b", CancellationToken.None);

        Assert.True(b.IsCompletedSuccessfully);
        Assert.Equal(2, locks.ActiveKeys);
        (await b).Dispose();
        Assert.Equal(1, locks.ActiveKeys);
    }

    [Fact]
    public async Task Entries_are_removed_when_idle_so_the_table_does_not_grow()
    {
        var locks = new KeyedAsyncLock<int>();

        for (var i = 0; i < 1000; i++)
        {
            using var held = await locks.AcquireAsync(i, CancellationToken.None);
        }

        Assert.Equal(0, locks.ActiveKeys);
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_up_its_place_without_taking_the_key()
    {
        var locks = new KeyedAsyncLock<string>();
        var first = await locks.AcquireAsync("a", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiter = locks.AcquireAsync("a", cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.Equal(1, locks.ActiveKeys);
        first.Dispose();
        Assert.Equal(0, locks.ActiveKeys);
        using var again = await locks.AcquireAsync("a", CancellationToken.None);
    }

    [Fact]
    public async Task Disposing_a_release_handle_twice_releases_once()
    {
        var locks = new KeyedAsyncLock<string>();
        var first = await locks.AcquireAsync("a", CancellationToken.None);
        var second = locks.AcquireAsync("a", CancellationToken.None).AsTask();
        var third = locks.AcquireAsync("a", CancellationToken.None).AsTask();

        first.Dispose();
        first.Dispose();
        var secondHandle = await second;

        Assert.False(third.IsCompleted);
        secondHandle.Dispose();
        (await third).Dispose();
        Assert.Equal(0, locks.ActiveKeys);
    }
}
