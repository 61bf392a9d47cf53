using System.Text.Json;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>
/// The app-client operations of the emulator as the real AWS CLI v2 drives them: create-user-pool-client with
/// <c>--allowed-o-auth-scopes</c> (a custom scope that does not exist is <c>ScopeDoesNotExistException</c>),
/// list-user-pool-clients with the CLI's own paging, describe-user-pool-client and delete-user-pool-client; then the
/// library reads the grants the CLI made.
/// </summary>
public sealed class AwsCliAppClientTests : IAsyncLifetime
{
    private const string Orders = "https://orders.example.com";

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("resourceservers-awscli-clients-");
    private CognitoEmulator _emulator = null!;
    private AwsCli _cli = null!;
    private string _pool = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _cli = AwsCli.Locate();
        await _cli.RequireVersion2Async(_temp.FullName);
        _pool = (await _emulator.Cognito.CreateUserPoolAsync("cli-clients")).Id;
        await _emulator.Cognito.CreateClient().CreateAsync(new ResourceServer(_pool, Orders, "Orders", [new("orders.read", "Read"), new("orders.write", "Write")]));
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public async Task Create_list_describe_and_delete_answer_as_the_service_does_and_the_library_reads_the_grants()
    {
        var created = await RunAsync("create-user-pool-client", "--user-pool-id", _pool, "--client-name", "orders-web", "--generate-secret",
            "--allowed-o-auth-scopes", $"{Orders}/orders.read", $"{Orders}/orders.write");
        Assert.True(created.ExitCode == 0, created.ToString());
        var client = Json(created).GetProperty("UserPoolClient");
        var clientId = client.GetProperty("ClientId").GetString()!;
        Assert.Matches("^[0-9a-z]{26}$", clientId);
        Assert.Equal([$"{Orders}/orders.read", $"{Orders}/orders.write"], client.GetProperty("AllowedOAuthScopes").EnumerateArray().Select(e => e.GetString()));
        var secret = client.GetProperty("ClientSecret").GetString()!;
        var other = await RunAsync("create-user-pool-client", "--user-pool-id", _pool, "--client-name", "sign-in", "--allowed-o-auth-scopes", "openid", "email");
        Assert.True(other.ExitCode == 0, other.ToString());
        var third = await RunAsync("create-user-pool-client", "--user-pool-id", _pool, "--client-name", "no-scopes");
        Assert.True(third.ExitCode == 0, third.ToString());

        // --page-size: the CLI's own paging, one client a page, following the emulator's NextToken to the end.
        var listed = await RunAsync("list-user-pool-clients", "--user-pool-id", _pool, "--page-size", "1");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var clients = Json(listed).GetProperty("UserPoolClients").EnumerateArray().ToList();
        Assert.Equal(["no-scopes", "orders-web", "sign-in"], clients.Select(c => c.GetProperty("ClientName").GetString()).Order(StringComparer.Ordinal));
        Assert.All(clients, c => Assert.Equal(_pool, c.GetProperty("UserPoolId").GetString()));
        var onePage = await RunAsync("list-user-pool-clients", "--user-pool-id", _pool, "--max-results", "2");
        Assert.Equal(2, Json(onePage).GetProperty("UserPoolClients").GetArrayLength());
        Assert.True(Json(onePage).TryGetProperty("NextToken", out _), onePage.ToString());

        var described = await RunAsync("describe-user-pool-client", "--user-pool-id", _pool, "--client-id", clientId);
        Assert.True(described.ExitCode == 0, described.ToString());
        var describedClient = Json(described).GetProperty("UserPoolClient");
        Assert.Equal("orders-web", describedClient.GetProperty("ClientName").GetString());
        Assert.Equal(secret, describedClient.GetProperty("ClientSecret").GetString());
        Assert.Equal(2, describedClient.GetProperty("AllowedOAuthScopes").GetArrayLength());

        // What the CLI made, the library reads: the plan that drops orders.write names the client, and no secret.
        var library = new ResourceServerClient(new ResourceServerClientOptions { Region = _emulator.Region, ServiceUrl = _emulator.ServiceUrl, Credentials = _emulator.Credentials });
        var plan = await library.PlanAsync(new ResourceServer(_pool, Orders, "Orders", [new("orders.read", "Read")]));
        var grant = Assert.Single(plan.RevokedGrants);
        Assert.Equal(new AppClientGrant(clientId, "orders-web", [$"{Orders}/orders.write"]), grant);
        Assert.DoesNotContain(secret, plan.ToString(), StringComparison.Ordinal);

        var deleted = await RunAsync("delete-user-pool-client", "--user-pool-id", _pool, "--client-id", clientId);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var gone = await RunAsync("describe-user-pool-client", "--user-pool-id", _pool, "--client-id", clientId);
        Assert.Equal(AwsCli.ServiceErrorExitCode, gone.ExitCode);
        Assert.Contains("ResourceNotFoundException", gone.Stderr, StringComparison.Ordinal);
        Assert.Empty((await library.PlanAsync(new ResourceServer(_pool, Orders, "Orders", [new("orders.read", "Read")]))).RevokedGrants);
    }

    [Fact]
    public async Task A_custom_scope_that_does_not_exist_is_refused_with_ScopeDoesNotExistException()
    {
        var refused = await RunAsync("create-user-pool-client", "--user-pool-id", _pool, "--client-name", "typo", "--allowed-o-auth-scopes", $"{Orders}/orders.raed", "openid");

        Assert.Equal(AwsCli.ServiceErrorExitCode, refused.ExitCode);
        Assert.Contains("ScopeDoesNotExistException", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{Orders}/orders.raed", refused.Stderr, StringComparison.Ordinal);
        var listed = await RunAsync("list-user-pool-clients", "--user-pool-id", _pool);
        Assert.Equal(0, Json(listed).GetProperty("UserPoolClients").GetArrayLength());
    }

    private static JsonElement Json(AwsCliResult result)
    {
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    private Task<AwsCliResult> RunAsync(params string[] operationArguments)
    {
        List<string> arguments = ["--endpoint-url", _emulator.ServiceUrl.ToString(), "--output", "json", "--no-cli-pager", "cognito-idp", .. operationArguments];
        var environment = new AwsCliEnvironment(_emulator.Region, _emulator.AccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey, _temp.FullName);
        return _cli.RunAsync(arguments, environment);
    }
}
