namespace ResourceServers.Tool.Manifests;

/// <summary>
/// A manifest that cannot be used: names the file, the line and column, and the member path, in the form compilers
/// use (<c>file:line:column: member: problem</c>) so editors and CI logs link to the spot.
/// </summary>
internal sealed class ManifestException(string file, int line, int column, string member, string problem)
    : Exception($"{file}:{line}:{column}: {member}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>The path of the member, e.g. <c>userPools[0].resourceServers[1].scopes[2].name</c>.</summary>
    public string Member { get; } = member;
}
