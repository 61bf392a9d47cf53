using System.Globalization;
using System.Runtime.InteropServices;

namespace ResourceServers.Tool.Manifests;

/// <summary>
/// Reads a manifest's bytes: a regular file (not a directory, a named pipe or a device such as /dev/zero, directly or
/// through a symbolic link, as a pull request can commit one) of at most <see cref="MaxBytes"/>, never buffering
/// more than that. Manifests come from pull requests; a file must not be able to exhaust the runner's memory.
/// </summary>
internal static partial class ManifestFile
{
    /// <summary>
    /// 64 MiB. A thousand user pools each at Cognito's default quota of 25 resource servers, 4 scopes a server, as
    /// export writes them, are 19.2 MB (a typical pool of a few servers is 1-3 KB), so the limit holds over 3,000
    /// full pools. The tool reading a 61.7 MB manifest peaked at 380 MB of memory (180 MB for the 19.2 MB one).
    /// </summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    public const string SizeRule = "a manifest may hold at most 64 MiB (67108864 bytes)";

    /// <param name="path">The file.</param>
    /// <param name="kind">What the file should be, as errors name it ("manifest", "saved plan"); a saved plan is read with the same bounds.</param>
    /// <exception cref="ManifestException">The file is missing, not a regular file, unreadable or over the limit.</exception>
    public static byte[] ReadBytes(string path, string kind = "manifest")
    {
        if (Directory.Exists(path))
        {
            throw new ManifestException(path, $"is a directory; the {kind} must be a regular file");
        }

        if (FileType(path) is { } notRegular)
        {
            throw new ManifestException(path, $"is {notRegular}; the {kind} must be a regular file");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            if (stream.CanSeek && stream.Length > MaxBytes)
            {
                throw TooLarge(path, stream.Length);
            }

            // Read to one byte past the limit at most: that byte tells an oversized file (one that grew since it was
            // measured, or one that cannot be measured) from one exactly at the limit.
            var buffer = new byte[stream.CanSeek ? (int)Math.Min(stream.Length, MaxBytes) + 1 : 64 * 1024];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > MaxBytes)
                    {
                        break;
                    }

                    Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, MaxBytes + 1L));
                }

                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return length > MaxBytes ? throw TooLarge(path, null) : buffer[..length];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ManifestException(path, "not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException(path, $"cannot be read: {ex.Message}");
        }
    }

    private static ManifestException TooLarge(string path, long? length) => new(
        path,
        length is { } known
            ? string.Create(CultureInfo.InvariantCulture, $"is {known} bytes; {SizeRule}")
            : $"is larger than the limit; {SizeRule}");

    /// <summary>
    /// What the file is when it is neither a regular file nor missing ("a named pipe", "a device", ...), else null.
    /// .NET has no public API for the file type, so on Linux and macOS this asks the runtime's own native shim
    /// (libSystem.Native, which System.IO itself calls) for stat(2), following links; elsewhere only directories are
    /// told apart, above.
    /// </summary>
    private static string? FileType(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        // FileStatus of the shim: Flags (int32), then Mode (int32) holding the type bits; the rest is not read.
        var status = new byte[512];
        try
        {
            if (Stat(path, status) != 0)
            {
                return null; // missing or unreadable: opening it says which
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        return (BitConverter.ToInt32(status, 4) & 0xF000) switch
        {
            0x8000 => null,
            0x1000 => "a named pipe (FIFO)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a directory",
            _ => "not a regular file",
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
