using System.Net;
using System.Net.Http.Headers;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Emulator;

public class CognitoEmulatorLifecycleTests
{
    [Fact]
    public async Task Two_emulators_on_ephemeral_ports_run_side_by_side_with_separate_state()
    {
        await using var first = await CognitoEmulator.StartAsync();
        await using var second = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Region = "eu-west-1" });

        Assert.NotEqual(first.ServiceUrl.Port, second.ServiceUrl.Port);
        Assert.Equal("127.0.0.1", first.ServiceUrl.Host);
        Assert.Equal("/", first.ServiceUrl.AbsolutePath);

        var created = await EmulatorCall.For(first, "CreateUserPool", """{"PoolName":"only-in-first"}""").SendAsync();
        created.AssertOk();
        var id = created.Json.GetProperty("UserPool").GetProperty("Id").GetString();

        (await EmulatorCall.For(first, "DescribeUserPool", $$"""{"UserPoolId":"{{id}}"}""").SendAsync()).AssertOk();
        (await EmulatorCall.For(second, "DescribeUserPool", $$"""{"UserPoolId":"{{id}}"}""").SendAsync())
            .AssertError(HttpStatusCode.BadRequest, "ResourceNotFoundException");
        var secondPool = await EmulatorCall.For(second, "CreateUserPool", """{"PoolName":"p"}""").SendAsync();
        Assert.StartsWith("eu-west-1_", secondPool.Json.GetProperty("UserPool").GetProperty("Id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposed_emulator_releases_its_port_and_tolerates_a_second_dispose()
    {
        var emulator = await CognitoEmulator.StartAsync();
        var port = emulator.ServiceUrl.Port;

        await emulator.DisposeAsync();
        await emulator.DisposeAsync();

        // The port is free again: a new emulator binds it (a port still held would fail the start with an IOException).
        await using var successor = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Port = port });
        Assert.Equal(port, successor.ServiceUrl.Port);
        (await EmulatorCall.For(successor, "CreateUserPool", """{"PoolName":"after-restart"}""").SendAsync()).AssertOk();
    }

    [Fact]
    public async Task Given_cognito_is_served_and_its_region_is_used()
    {
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { Region = "ap-southeast-2" });
        var pool = await cognito.CreateUserPoolAsync("seeded");

        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Cognito = cognito });

        Assert.Same(cognito, emulator.Cognito);
        Assert.Equal("ap-southeast-2", emulator.Region);
        (await EmulatorCall.For(emulator, "DescribeUserPool", $$"""{"UserPoolId":"{{pool.Id}}"}""").SendAsync()).AssertOk();
    }

    [Fact]
    public async Task Region_that_disagrees_with_the_given_cognito_is_rejected_naming_both()
    {
        var options = new CognitoEmulatorOptions { Cognito = new InMemoryCognito(new InMemoryCognitoOptions { Region = "eu-west-1" }), Region = "us-east-1" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(options));

        Assert.Contains("'us-east-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'eu-west-1'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 1024)]
    [InlineData(65536, 1024)]
    [InlineData(0, 0)]
    public async Task Out_of_range_options_are_rejected(int port, long maxBody)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Port = port, MaxRequestBodyBytes = maxBody }));
    }

    [Fact]
    public async Task Default_credentials_are_the_documented_test_keys()
    {
        await using var emulator = await CognitoEmulator.StartAsync();

        var credentials = await emulator.Credentials.GetCredentialsAsync();
        Assert.Equal(CognitoEmulatorOptions.DefaultAccessKeyId, emulator.AccessKeyId);
        Assert.Equal(CognitoEmulatorOptions.DefaultAccessKeyId, credentials.AccessKey);
        Assert.Equal(CognitoEmulatorOptions.DefaultSecretAccessKey, credentials.SecretKey);
        Assert.Equal(CognitoEmulatorOptions.DefaultRegion, emulator.Region);
    }

    [Fact]
    public async Task Body_over_the_limit_is_refused_with_413_before_parsing()
    {
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { MaxRequestBodyBytes = 1024 });
        var body = $$"""{"PoolName":"{{new string('a', 4096)}}"}""";

        var reply = await EmulatorCall.For(emulator, "CreateUserPool", body).SendAsync();

        var message = reply.AssertError(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLargeException");
        Assert.Equal("The request body is larger than the limit of 1024 bytes.", message);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_refused_with_413()
    {
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { MaxRequestBodyBytes = 1024 });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.ServiceUrl)
        {
            // A stream of unknown length is sent chunked, without Content-Length.
            Content = new StreamContent(new NonSeekableStream(new byte[64 * 1024])),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(request.Headers.TransferEncodingChunked ?? false);
    }

    [Fact]
    public async Task Body_at_the_limit_is_read()
    {
        var body = """{"PoolName":"p"}""";
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { MaxRequestBodyBytes = body.Length });

        (await EmulatorCall.For(emulator, "CreateUserPool", body).SendAsync()).AssertOk();
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
