using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly.Timeout;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>
/// Every way a call can fail without an answer reaches the caller as the library's exception, naming the operation,
/// the endpoint's host, the attempts and the time, with the cause inside; and a failed call logs once.
/// </summary>
public sealed class CallFailureOverHttpTests
{
    private static readonly AWSCredentials Keys = new BasicAWSCredentials(CognitoEmulatorOptions.DefaultAccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey);

    [Fact]
    public async Task A_refused_connection_is_a_retryable_ConnectionFailure_naming_the_host_after_every_attempt()
    {
        var url = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        var client = new ResourceServerClient(Options(url));

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => client.GetAsync("us-east-1_abc", "https://api"));

        Assert.Equal(CognitoErrorCodes.ConnectionFailure, error.ErrorCode);
        Assert.True(error.IsRetryable);
        Assert.Null(error.StatusCode);
        Assert.Null(error.RequestId);
        Assert.Equal("Get", error.Operation);
        Assert.Equal(url.Authority, error.EndpointHost);
        Assert.Equal(3, error.Attempts);
        Assert.True(error.Elapsed > TimeSpan.Zero);
        Assert.Equal(HttpRequestError.ConnectionError, Assert.IsType<HttpRequestException>(error.InnerException).HttpRequestError);
        Assert.StartsWith($"Could not connect to {url.Authority}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"[Get to {url.Authority}: 3 attempts in ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_is_a_Timeout_naming_the_attempt_timeout_and_the_attempts()
    {
        await using var emulator = await CognitoEmulator.StartAsync();
        var pool = await emulator.Cognito.CreateUserPoolAsync("p");
        emulator.Cognito.Faults.DelayNext(CognitoOperation.DescribeResourceServer, 2, TimeSpan.FromSeconds(30));
        var options = Options(emulator.ServiceUrl);
        options.Resilience.MaxAttempts = 2;
        options.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        var client = new ResourceServerClient(options);

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => client.GetAsync(pool.Id, "https://api"));

        Assert.Equal(CognitoErrorCodes.Timeout, error.ErrorCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(emulator.ServiceUrl.Authority, error.EndpointHost);
        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.StartsWith($"{emulator.ServiceUrl.Authority} did not answer within the attempt timeout (0.3 s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_to_a_server_that_speaks_no_TLS_is_a_ConnectionFailure_saying_TLS_failed()
    {
        await using var emulator = await CognitoEmulator.StartAsync();
        var url = new Uri($"https://127.0.0.1:{emulator.ServiceUrl.Port}/");
        var options = Options(url);
        options.Resilience.MaxAttempts = 1;
        var client = new ResourceServerClient(options);

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => client.GetAsync("us-east-1_abc", "https://api"));

        Assert.Equal(CognitoErrorCodes.ConnectionFailure, error.ErrorCode);
        Assert.Equal(HttpRequestError.SecureConnectionError, Assert.IsType<HttpRequestException>(error.InnerException).HttpRequestError);
        Assert.StartsWith($"The TLS handshake with {url.Authority} failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_is_CredentialsUnavailable_after_one_attempt_with_nothing_sent()
    {
        await using var emulator = await CognitoEmulator.StartAsync();
        var options = Options(emulator.ServiceUrl);
        options.Credentials = null;
        options.Profile = "resourceservers-no-such-profile-" + Guid.NewGuid().ToString("N");
        var client = new ResourceServerClient(options);

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => client.GetAsync("us-east-1_abc", "https://api"));

        Assert.Equal(CognitoErrorCodes.CredentialsUnavailable, error.ErrorCode);
        Assert.False(error.IsRetryable);
        Assert.Equal(1, error.Attempts);
        Assert.Contains(options.Profile, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, emulator.Cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_full_pacing_queue_is_PacingQueueFull_and_the_call_is_not_sent()
    {
        var cognito = new InMemoryCognito();
        var pool = await cognito.CreateUserPoolAsync("p");
        var options = new ResourceServerClientOptions();
        options.Resilience.MaxAttempts = 1;
        options.Resilience.Pacing.PerOperationPerUserPoolPerSecond = 1;
        options.Resilience.Pacing.MaxQueueWait = TimeSpan.FromMilliseconds(50);
        var client = new ResourceServerClient(options, cognito);

        var calls = Enumerable.Range(0, 3).Select(_ => client.FindAsync(pool.Id, "https://api")).ToList();
        var outcomes = await Task.WhenAll(calls.Select(c => Record.ExceptionAsync(() => c)));

        var rejected = Assert.Single(outcomes.Where(e => e is not null).Cast<CognitoServiceException>().DistinctBy(e => e.ErrorCode));
        Assert.Equal(CognitoErrorCodes.PacingQueueFull, rejected.ErrorCode);
        Assert.True(rejected.IsRetryable);
        Assert.Null(rejected.EndpointHost);
        Assert.Equal("Find", rejected.Operation);
        Assert.IsType<Polly.RateLimiting.RateLimiterRejectedException>(rejected.InnerException);
        Assert.Equal(1, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task The_callers_own_cancellation_still_arrives_as_OperationCanceledException()
    {
        await using var emulator = await CognitoEmulator.StartAsync();
        emulator.Cognito.Faults.DelayNext(CognitoOperation.DescribeResourceServer, 1, TimeSpan.FromSeconds(30));
        var client = new ResourceServerClient(Options(emulator.ServiceUrl));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("us-east-1_abc", "https://api", cancel.Token));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_call_logs_one_error_with_its_stack_and_one_warning_line_per_retry_by_hand_or_by_DI(bool dependencyInjection)
    {
        var url = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        var collector = new FakeLogCollector();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(new FakeLoggerProvider(collector)))
            .AddResourceServerClient(o => Configure(o, url)).Services
            .BuildServiceProvider();
        var client = dependencyInjection
            ? services.GetRequiredService<IResourceServerClient>()
            : new ResourceServerClient(Configure(new ResourceServerClientOptions(), url), loggerFactory: services.GetRequiredService<ILoggerFactory>());

        await Assert.ThrowsAsync<CognitoServiceException>(() => client.GetAsync("us-east-1_abc", "https://api"));

        // The client's one line when it is built says where it goes; the call's own lines are the rest.
        var lines = collector.GetSnapshot().Where(l => l.Id.Name != "ConnectionResolved").ToList();
        var retries = lines.Where(l => l.Level == LogLevel.Warning).ToList();
        Assert.Equal(["2", "3"], retries.Select(r => r.GetStructuredStateValue("Attempt")));
        Assert.All(retries, r =>
        {
            Assert.Null(r.Exception);
            Assert.Equal("Retrying", r.Id.Name);
            Assert.Equal(CognitoErrorCodes.ConnectionFailure, r.GetStructuredStateValue("ErrorType"));
        });
        var failure = Assert.Single(lines, l => l.Level == LogLevel.Error);
        Assert.Equal(CognitoErrorCodes.ConnectionFailure, Assert.IsType<CognitoServiceException>(failure.Exception).ErrorCode);
        Assert.Equal(3, lines.Count);
        Assert.DoesNotContain(lines, l => l.Message.Contains("request id", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Message.Contains("(null)", StringComparison.Ordinal) || l.Message.Contains(", ,", StringComparison.Ordinal));
    }

    private static ResourceServerClientOptions Options(Uri url) => Configure(new ResourceServerClientOptions(), url);

    private static ResourceServerClientOptions Configure(ResourceServerClientOptions options, Uri url)
    {
        options.Region = "us-east-1";
        options.ServiceUrl = url;
        options.Credentials = Keys;
        options.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
        return options;
    }

    // A loopback port nothing listens on: bound, its number read, then released.
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
