namespace ResourceServers.Benchmarks;

/// <summary>Placeholder replaced by the bulk-apply benchmark.</summary>
internal static class BulkApplyBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("bulk-apply is not written yet");
        return Task.FromResult(1);
    }
}
