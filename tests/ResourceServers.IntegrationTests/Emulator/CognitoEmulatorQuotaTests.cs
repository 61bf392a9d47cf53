using System.Net;
using System.Net.Sockets;
using ResourceServers.IntegrationTests.Readme;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Emulator;

/// <summary>The emulator's rate quotas, asked for in code and on the standalone emulator's command line, under both models.</summary>
public class CognitoEmulatorQuotaTests
{
    [Theory]
    [InlineData(CognitoQuotaModel.TokenBucket)]
    [InlineData(CognitoQuotaModel.FixedWindow)]
    public async Task An_emulator_asked_to_enforce_quotas_throttles_a_burst_over_HTTP(CognitoQuotaModel model)
    {
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { EnforceRateQuotas = true, QuotaModel = model });
        var pool = (await emulator.Cognito.CreateUserPoolAsync("quota")).Id;
        var options = new ResourceServerClientOptions
        {
            Region = emulator.Region,
            ServiceUrl = emulator.ServiceUrl,
            Credentials = emulator.Credentials,
            Resilience = { MaxAttempts = 1, Pacing = { Enabled = false } },
        };
        var client = new ResourceServerClient(options);

        // Twelve reads of one pool at once: at most five a second pass a bucket, at most ten across a window boundary.
        var reads = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            try
            {
                await client.FindAsync(pool, "https://api.example.com");
                return true;
            }
            catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.TooManyRequests)
            {
                return false;
            }
        }));

        Assert.Equal(model, emulator.Cognito.Options.QuotaModel);
        Assert.True(emulator.Cognito.EnforcesRateQuotas);
        Assert.InRange(reads.Count(passed => !passed), 1, 7);
        Assert.Equal(reads.Count(passed => !passed), emulator.Cognito.Statistics.GetThrottled(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task An_emulator_enforces_no_quota_unless_asked()
    {
        await using var emulator = await CognitoEmulator.StartAsync();

        Assert.False(emulator.Cognito.EnforcesRateQuotas);
    }

    [Theory]
    [InlineData(true, CognitoQuotaModel.TokenBucket)]
    [InlineData(false, CognitoQuotaModel.FixedWindow)]
    public async Task Quota_settings_beside_a_given_Cognito_are_refused_saying_where_they_belong(bool enforce, CognitoQuotaModel model)
    {
        var options = new CognitoEmulatorOptions { Cognito = new InMemoryCognito(), EnforceRateQuotas = enforce, QuotaModel = model };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(options));

        Assert.Contains("set them on its InMemoryCognitoOptions instead", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undefined_quota_model_is_refused_naming_the_setting()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(new CognitoEmulatorOptions { QuotaModel = (CognitoQuotaModel)9 }));

        Assert.Contains("CognitoEmulatorOptions.QuotaModel must be TokenBucket or FixedWindow; it was 9", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>The standalone emulator's <c>--quotas</c> and <c>--latency</c> arguments, run as a user runs it (it builds and starts a program).</summary>
[Collection(ReadmeCommandsCollection.Name)]
public sealed class StandaloneEmulatorQuotaArgumentTests : IDisposable
{
    private static readonly TimeSpan BuildAndStartTimeout = TimeSpan.FromMinutes(5);

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("resourceservers-emulator-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task The_standalone_emulator_enforces_the_quota_model_its_arguments_name_and_refuses_an_unknown_one()
    {
        var port = FreeLoopbackPort();
        await using (var emulator = ReadmeProcess.Start($"dotnet run --project src/ResourceServers.Emulator -- --port {port} --quotas fixed-window --latency 20ms-80ms", TestData.RepositoryRoot, _temp.FullName))
        {
            await emulator.WaitForLineAsync(line => line.StartsWith("Press Ctrl+C", StringComparison.Ordinal), BuildAndStartTimeout);
            Assert.Contains("rate quotas:       enforced (FixedWindow)", emulator.Stdout, StringComparison.Ordinal);
            Assert.Contains("latency:           20-80 ms", emulator.Stdout, StringComparison.Ordinal);
        }

        await using (var badLatency = ReadmeProcess.Start("dotnet run --project src/ResourceServers.Emulator -- --latency 80ms-20ms", TestData.RepositoryRoot, _temp.FullName))
        {
            Assert.Equal(2, await badLatency.WaitForExitAsync(BuildAndStartTimeout));
            Assert.Contains("Unknown or incomplete argument '--latency'", badLatency.Stderr, StringComparison.Ordinal);
        }

        await using var refused = ReadmeProcess.Start("dotnet run --project src/ResourceServers.Emulator -- --quotas sometimes", TestData.RepositoryRoot, _temp.FullName);
        Assert.Equal(2, await refused.WaitForExitAsync(BuildAndStartTimeout));
        Assert.Contains("Unknown or incomplete argument '--quotas'", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("[--quotas off|token-bucket|fixed-window (default off)]", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_standalone_emulator_creates_the_user_pools_its_arguments_name_and_prints_their_ids()
    {
        var port = FreeLoopbackPort();
        await using var emulator = ReadmeProcess.Start($"dotnet run --project src/ResourceServers.Emulator -- --port {port} --user-pool orders --user-pool billing", TestData.RepositoryRoot, _temp.FullName);
        await emulator.WaitForLineAsync(line => line.StartsWith("Press Ctrl+C", StringComparison.Ordinal), BuildAndStartTimeout);

        var ids = emulator.Stdout.Split('\n')
            .Where(l => l.StartsWith("user pool ", StringComparison.Ordinal))
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0]["user pool ".Length..], p => p[1].Trim());
        Assert.Equal(["billing", "orders"], ids.Keys.Order(StringComparer.Ordinal));

        // The printed ids are pools the emulator serves: the library lists them (empty) and creates in them.
        var client = new ResourceServerClient(new ResourceServerClientOptions
        {
            Region = CognitoEmulatorOptions.DefaultRegion,
            ServiceUrl = new Uri($"http://127.0.0.1:{port}/"),
            Credentials = new Amazon.Runtime.BasicAWSCredentials(CognitoEmulatorOptions.DefaultAccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey),
        });
        foreach (var id in ids.Values)
        {
            Assert.Matches(@"^us-east-1_[0-9A-Za-z]+$", id);
            await client.CreateAsync(new ResourceServer(id, "https://api.example.com", "api"));
            var listed = new List<ResourceServer>();
            await foreach (var server in client.ListAsync(id))
            {
                listed.Add(server);
            }

            Assert.Equal("https://api.example.com", Assert.Single(listed).Identifier);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
