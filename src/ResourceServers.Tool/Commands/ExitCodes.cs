namespace ResourceServers.Tool.Commands;

/// <summary>The exit codes, as <c>terraform plan -detailed-exitcode</c> has them.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>plan</c>, nothing to change.</summary>
    public const int Success = 0;

    /// <summary>Something failed (a bad manifest, a pool that could not be read or written, a declined confirmation).</summary>
    public const int Error = 1;

    /// <summary><c>plan</c> only: the plan has changes.</summary>
    public const int ChangesPending = 2;
}
