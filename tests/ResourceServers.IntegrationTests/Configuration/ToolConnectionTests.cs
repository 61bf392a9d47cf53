using System.Text.Json;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Configuration;

/// <summary>
/// The resource-servers tool as a process in a made environment: it resolves Region, endpoint and credentials as the
/// library does (the CLI's order), authenticates through the kit's STS where the set-up says so, and before any call
/// says on standard error where it is going (its plan JSON carries the same fields).
/// </summary>
public sealed class ToolConnectionTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/pipeline";
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;

    private string Url => _emulator.ServiceUrl.ToString();

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await _emulator.Cognito.CreateUserPoolAsync("tool-configuration")).Id;
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Web_identity_in_a_pipeline_step_exports_and_says_so_first()
    {
        using var setup = new AwsSetup().Set("AWS_REGION", "us-east-1").Set("AWS_ENDPOINT_URL", Url).Set("AWS_ENDPOINT_URL_STS", Url).Set("AWS_ROLE_ARN", RoleArn);
        setup.Set("AWS_WEB_IDENTITY_TOKEN_FILE", setup.WriteFile("token", "ci-oidc-token"));

        var export = await setup.ToolAsync("export", "--user-pool-id", _pool);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal($"Cognito us-east-1 at {Url}, profile default, credentials: web identity", export.Stderr.Split('\n')[0].Trim());
        Assert.Equal("AssumeRoleWithWebIdentity", Assert.Single(_emulator.RoleSessions).Action);
    }

    [Fact]
    public async Task An_assume_role_profile_with_a_services_section_plans_and_the_JSON_names_the_connection()
    {
        using var setup = new AwsSetup()
            .Config($"[profile deploy]\nrole_arn = {RoleArn}\nsource_profile = base\nregion = us-east-1\nservices = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = {Url}\n[profile base]\naws_access_key_id = {CognitoEmulatorOptions.DefaultAccessKeyId}\naws_secret_access_key = {CognitoEmulatorOptions.DefaultSecretAccessKey}\n")
            .Set("AWS_ENDPOINT_URL_STS", Url);
        var manifest = setup.WriteFile("resource-servers.json", JsonSerializer.Serialize(new { userPools = new[] { new { userPoolId = _pool, resourceServers = new[] { new { identifier = "https://orders.example.com", name = "Orders" } } } } }));

        var plan = await setup.ToolAsync("plan", "--manifest", manifest, "--output", "json", "--profile", "deploy");

        Assert.True(plan.ExitCode is 0 or 2, plan.ToString());
        Assert.Equal($"Cognito us-east-1 at {Url}, profile deploy, credentials: assume role from profile base", plan.Stderr.Split('\n')[0].Trim());
        using var json = JsonDocument.Parse(plan.Stdout);
        var connection = json.RootElement.GetProperty("connection");
        Assert.Equal(
            ("us-east-1", Url, "deploy", "assume role from profile base", "profile deploy", "profile deploy services local cognito_identity_provider"),
            (connection.GetProperty("region").GetString(), connection.GetProperty("endpoint").GetString(), connection.GetProperty("profile").GetString(),
             connection.GetProperty("credentials").GetString(), connection.GetProperty("regionSource").GetString(), connection.GetProperty("endpointSource").GetString()));
        Assert.Equal("AssumeRole", Assert.Single(_emulator.RoleSessions).Action);
    }

    [Fact]
    public async Task AWS_DEFAULT_REGION_and_a_credential_process_profile()
    {
        using var setup = new AwsSetup();
        var script = setup.WriteFile("credentials.sh", $"#!/bin/sh\necho '{{\"Version\": 1, \"AccessKeyId\": \"{CognitoEmulatorOptions.DefaultAccessKeyId}\", \"SecretAccessKey\": \"{CognitoEmulatorOptions.DefaultSecretAccessKey}\"}}'\n", executable: true);
        setup.Config($"[profile proc]\ncredential_process = {script}\nendpoint_url = {Url}\n").Set("AWS_PROFILE", "proc").Set("AWS_DEFAULT_REGION", "us-east-1");

        var export = await setup.ToolAsync("export", "--user-pool-id", _pool);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal($"Cognito us-east-1 at {Url}, profile proc, credentials: credential process", export.Stderr.Split('\n')[0].Trim());
    }

    [Fact]
    public async Task No_Region_anywhere_is_an_error_naming_the_flag_and_the_variables()
    {
        using var setup = new AwsSetup().EmulatorKeys();

        var export = await setup.ToolAsync("export", "--user-pool-id", _pool, "--endpoint-url", Url);

        Assert.True(export.ExitCode == 1, export.ToString());
        Assert.Contains("set --region, or the AWS_REGION or AWS_DEFAULT_REGION environment variable, or 'region' in the AWS profile 'default'", export.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AWSOptions", export.Stderr, StringComparison.Ordinal);
    }
}
