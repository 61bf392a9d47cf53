namespace ResourceServers.Benchmarks;

/// <summary>Placeholder replaced by the overhead benchmark.</summary>
internal static class OverheadBenchmark
{
    public static int Run(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("overhead is not written yet");
        return 1;
    }
}
