namespace ResourceServers.Tool.Manifests;

/// <summary>
/// A manifest that cannot be used: names the file, the line and column, and the member path, in the form compilers
/// use (<c>file:line:column: member: problem</c>) so editors and CI logs link to the spot; a problem of the whole file
/// (missing, too large, not a regular file) names only the file (<c>file: problem</c>).
/// </summary>
internal sealed class ManifestException : Exception
{
    public ManifestException(string file, int line, int column, string member, string problem)
        : base($"{file}:{line}:{column}: {member}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Member = member;
    }

    public ManifestException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Member = "$";
    }

    public string File { get; }

    /// <summary>The one-based line, or 0 for a problem of the whole file.</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary>The path of the member, e.g. <c>userPools[0].resourceServers[1].scopes[2].name</c>.</summary>
    public string Member { get; }
}
