using System.Diagnostics;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Emulator;

/// <summary>The emulator's added latency: every answer over the real wire takes at least it, and bad ranges are refused naming the setting.</summary>
public class CognitoEmulatorLatencyTests
{
    [Fact]
    public async Task Every_answer_takes_at_least_the_latency_asked_for()
    {
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Latency = TimeSpan.FromMilliseconds(150), MaxLatency = TimeSpan.FromMilliseconds(200) });
        var pool = (await emulator.Cognito.CreateUserPoolAsync("latency")).Id;
        var client = new ResourceServerClient(new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials });

        // The first call also opens the connection; the next ones measure the emulator's latency alone (and a miss is an answer too).
        await client.FindAsync(pool, "https://api.example.com");
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Null(await client.FindAsync(pool, "https://api.example.com"));
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"answered in {clock.Elapsed.TotalMilliseconds} ms");
        }
    }

    [Theory]
    [InlineData(-1, null, "CognitoEmulatorOptions.Latency must be between zero and 10 seconds")]
    [InlineData(50, 20, "CognitoEmulatorOptions.MaxLatency must be at least Latency (00:00:00.0500000) and at most 10 seconds")]
    [InlineData(0, 11_000, "CognitoEmulatorOptions.MaxLatency must be at least Latency")]
    public async Task A_latency_out_of_range_is_refused_naming_the_setting(int latencyMs, int? maxMs, string expected)
    {
        var options = new CognitoEmulatorOptions { Latency = TimeSpan.FromMilliseconds(latencyMs), MaxLatency = maxMs is { } max ? TimeSpan.FromMilliseconds(max) : null };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(options));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
