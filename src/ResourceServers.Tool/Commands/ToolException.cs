namespace ResourceServers.Tool.Commands;

/// <summary>A problem the tool reports as one line and exit code 1, without a stack trace: bad settings, a declined confirmation.</summary>
internal sealed class ToolException(string message) : Exception(message);
