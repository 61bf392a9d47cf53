using ResourceServers.Tool.Commands;

namespace ResourceServers.Tool.Output;

/// <summary>
/// Writes a file whole or not at all: to a temporary file beside it, flushed to disk, then renamed over it. A pipeline
/// that stops mid-write (a cancelled job, a full disk) leaves the previous file or none, never half a plan or manifest.
/// </summary>
internal static class AtomicFile
{
    /// <exception cref="ToolException">The file cannot be written; names it.</exception>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ToolException($"cannot write {Printable.Of(path)}: {ex.Message}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the target was not touched.
        }
    }
}
