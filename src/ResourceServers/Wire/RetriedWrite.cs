namespace ResourceServers.Wire;

/// <summary>What an operation's answer means when an earlier attempt of the same call may have landed unanswered.</summary>
internal enum RetriedWrite
{
    /// <summary>A read: repeating it changes nothing.</summary>
    NotAWrite,

    /// <summary>A replace: repeating it writes the same state again.</summary>
    Repeats,

    /// <summary>A create: "already exists" may be the call's own earlier attempt; read it back to tell.</summary>
    AlreadyExistsMayBeOwn,

    /// <summary>A delete: "not found" is the call's own earlier attempt done.</summary>
    NotFoundMeansDone,
}
