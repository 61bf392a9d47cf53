using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ResourceServers.Fleet;

/// <summary>
/// A real redis-server (Debian's), run as a child process on a free loopback port with nothing persisted, stopped on
/// dispose. <see cref="StopAsync"/> and <see cref="StartAsync"/> stop it and start it again on the same port, as a
/// Redis restart looks to its clients (every key gone).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>How to get redis-server when it is missing.</summary>
    public const string InstallCommand = "apt-get install -y redis-server";

    private readonly string[] _arguments;
    private Process? _process;

    private RedisServer(string executable, int port, string[] arguments)
    {
        Executable = executable;
        Port = port;
        _arguments = arguments;
    }

    public string Executable { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string: <c>127.0.0.1:port</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server on a free loopback port.</summary>
    /// <param name="arguments">More redis-server options, e.g. <c>--replicaof 127.0.0.1 6379</c>.</param>
    /// <exception cref="InvalidOperationException">redis-server is not installed; the message gives the install command.</exception>
    public static async Task<RedisServer> StartNewAsync(params string[] arguments)
    {
        var executable = Find() ?? throw new InvalidOperationException(
            $"redis-server is not installed (looked for /usr/bin/redis-server and on PATH); the Redis tests need it. Install it: {InstallCommand} (or run bash eng/test.sh as root).");
        var server = new RedisServer(executable, FreePort(), arguments);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (again) on the same port and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", .. _arguments];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await PingsAsync())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"redis-server did not answer PING on 127.0.0.1:{Port} (exited: {_process.HasExited}).");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Stops the server (SIGKILL, as a crash looks) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Sends one command and returns what one read gives back: the whole answer of a short one.</summary>
    /// <exception cref="InvalidOperationException">Nothing listens on the port.</exception>
    public async Task<string> SendAsync(string command) =>
        await AskAsync(command) ?? throw new InvalidOperationException($"redis-server on 127.0.0.1:{Port} does not answer.");

    /// <summary>A free loopback port (e.g. for a cluster bus), free when asked.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> PingsAsync() => (await AskAsync("PING"))?.StartsWith("+PONG", StringComparison.Ordinal) ?? false;

    // Sends one inline command and returns what one read gives back, or null when nothing listens.
    private async Task<string?> AskAsync(string command)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (SocketException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? Find()
    {
        if (File.Exists("/usr/bin/redis-server"))
        {
            return "/usr/bin/redis-server";
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
    }
}
