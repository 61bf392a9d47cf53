namespace ResourceServers;

/// <summary>
/// One async mutual-exclusion lock per key: holders of different keys run in parallel, holders of one key one at a
/// time. An entry lives only while someone holds or waits for its key, so the table does not grow with every key
/// ever used.
/// </summary>
/// <typeparam name="TKey">The key type; compared with its default equality.</typeparam>
internal sealed class KeyedAsyncLock<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];

    /// <summary>The number of keys held or waited for; zero when idle.</summary>
    internal int ActiveKeys
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Waits until the key is free and takes it; dispose the result to release it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait; the key is then not taken.</param>
    /// <returns>The release handle.</returns>
    public async ValueTask<Releaser> AcquireAsync(TKey key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries.Add(key, entry);
            }

            entry.References++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, entry, held: false);
            throw;
        }

        return new Releaser(this, key, entry);
    }

    private void Leave(TKey key, Entry entry, bool held)
    {
        lock (_entries)
        {
            if (held)
            {
                // SemaphoreSlim resumes async waiters asynchronously, so no waiter's code runs under this lock.
                entry.Semaphore.Release();
            }

            if (--entry.References == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    /// <summary>Releases the key when disposed; disposing twice releases once.</summary>
    internal sealed class Releaser : IDisposable
    {
        private KeyedAsyncLock<TKey>? _owner;
        private readonly TKey _key;
        private readonly Entry _entry;

        internal Releaser(KeyedAsyncLock<TKey> owner, TKey key, Entry entry)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
        }

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Leave(_key, _entry, held: true);
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        // Holders plus waiters; guarded by the table's lock.
        public int References { get; set; }
    }
}
