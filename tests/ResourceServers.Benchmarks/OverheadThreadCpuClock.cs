using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace ResourceServers.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>).
/// On a machine shared with other busy processes, wall time mostly measures the neighbours: in one quick run the raw
/// describe's iterations ranged from 24 to 47 us while its steady cost is about 12 us. Thread CPU time is blind to
/// being descheduled. It is only valid when the measured work runs on the measuring thread, which holds here: quick
/// mode runs in process and every call completes synchronously over the in-memory handler.
/// </summary>
internal sealed class OverheadThreadCpuClock : IClock
{
    private const int ThreadCpuTimeClockId = 3;

    public static OverheadThreadCpuClock Instance { get; } = new();

    public string Title => "thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux() && TryRead(out _);

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp() => Nanoseconds();

    public static long Nanoseconds() =>
        TryRead(out var nanoseconds) ? nanoseconds : throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) is not available.");

    private static bool TryRead(out long nanoseconds)
    {
        if (ClockGetTime(ThreadCpuTimeClockId, out var now) != 0)
        {
            nanoseconds = 0;
            return false;
        }

        nanoseconds = (now.Seconds * 1_000_000_000) + now.Nanoseconds;
        return true;
    }

    /// <summary>
    /// How many times the calling thread has been preempted (involuntary context switches, Linux
    /// <c>getrusage(RUSAGE_THREAD)</c>). A measurement with none ran with its caches as it left them.
    /// </summary>
    public static long Preemptions() =>
        GetResourceUsage(ResourceUsageThread, out var usage) == 0 ? usage.InvoluntaryContextSwitches : throw new PlatformNotSupportedException("getrusage(RUSAGE_THREAD) is not available.");

    private const int ResourceUsageThread = 1;

#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks; a blittable DllImport does without.
    [DllImport("libc", EntryPoint = "getrusage")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054

    // struct rusage on 64-bit Linux: two timevals, then fourteen longs; the last is ru_nivcsw.
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResidentSet, SharedMemory, UnsharedData, UnsharedStack, MinorFaults, MajorFaults, Swaps;
        public long BlockInputs, BlockOutputs, MessagesSent, MessagesReceived, Signals, VoluntaryContextSwitches;
        public long InvoluntaryContextSwitches;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
