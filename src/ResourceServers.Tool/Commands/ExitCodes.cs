namespace ResourceServers.Tool.Commands;

/// <summary>The exit codes, as Terraform's: <c>plan</c> exits 0 when it ran and 1 on an error; with
/// <c>--detailed-exitcode</c>, 0 for no changes, 2 for changes, 1 for an error. 130 after Ctrl+C, as shells report SIGINT.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>plan --detailed-exitcode</c>, nothing to change.</summary>
    public const int Success = 0;

    /// <summary>Something failed (a bad manifest, a pool that could not be read or written, a declined confirmation).</summary>
    public const int Error = 1;

    /// <summary><c>plan --detailed-exitcode</c> only: the plan has changes.</summary>
    public const int ChangesPending = 2;

    /// <summary>Stopped by Ctrl+C (SIGINT), as shells report a process that SIGINT ended: 128 + 2.</summary>
    public const int Interrupted = 130;
}
