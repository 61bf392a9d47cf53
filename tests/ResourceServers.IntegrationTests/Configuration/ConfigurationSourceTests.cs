using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Configuration;

/// <summary>
/// Each place Region, endpoint and credentials can come from, with the library in a process of its own (the probe:
/// a generic host with <c>AddResourceServerClient()</c> and nothing else) making a real signed call to the emulator,
/// whose STS issues the temporary credentials of the web identity and role flows. Every child gets a made
/// environment (<see cref="AwsSetup"/>), never the machine's.
/// </summary>
public sealed class ConfigurationSourceTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/ci-deploy";
    private CognitoEmulator _emulator = null!;
    private string _pool = null!;

    private string Url => _emulator.ServiceUrl.ToString();

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _pool = (await _emulator.Cognito.CreateUserPoolAsync("configuration")).Id;
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Region_and_endpoint_from_the_environment_with_keys_from_the_environment()
    {
        using var setup = new AwsSetup().EmulatorKeys().Set("AWS_REGION", "us-east-1").Set("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", Url);

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal(new ResourceServerConnection("us-east-1", "AWS_REGION", _emulator.ServiceUrl, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "default", "environment"), probe.Resolved);
        Assert.DoesNotContain(CognitoEmulatorOptions.DefaultSecretAccessKey, probe.Run.Stdout + probe.Run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWS_DEFAULT_REGION_is_read_after_AWS_REGION_as_the_AWS_CLI_reads_it()
    {
        using var setup = new AwsSetup().EmulatorKeys().Set("AWS_DEFAULT_REGION", "us-east-1").Set("AWS_ENDPOINT_URL", Url);

        var alone = await setup.ProbeAsync("--pool", _pool);
        var both = await setup.Set("AWS_REGION", "eu-west-1").ProbeAsync();

        alone.AssertSucceeded();
        Assert.Equal(("us-east-1", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"), (alone.Resolved.Region, alone.Resolved.RegionSource, alone.Resolved.ServiceUrlSource));
        Assert.Equal(("eu-west-1", "AWS_REGION"), (both.Resolved.Region, both.Resolved.RegionSource));
    }

    [Fact]
    public async Task A_profiles_region_endpoint_url_and_keys_from_the_shared_files()
    {
        using var setup = new AwsSetup()
            .Config($"[profile emu]\nregion = us-east-1\nendpoint_url = {Url}\n")
            .Credentials($"[emu]\naws_access_key_id = {CognitoEmulatorOptions.DefaultAccessKeyId}\naws_secret_access_key = {CognitoEmulatorOptions.DefaultSecretAccessKey}\n")
            .Set("AWS_PROFILE", "emu");

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal(new ResourceServerConnection("us-east-1", "profile emu", _emulator.ServiceUrl, "profile emu endpoint_url", "emu", "static (profile)"), probe.Resolved);
    }

    [Fact]
    public async Task The_profile_named_in_configuration_beats_AWS_PROFILE()
    {
        using var setup = new AwsSetup()
            .Config($"[profile emu]\nregion = us-east-1\nendpoint_url = {Url}\naws_access_key_id = {CognitoEmulatorOptions.DefaultAccessKeyId}\naws_secret_access_key = {CognitoEmulatorOptions.DefaultSecretAccessKey}\n[profile other]\nregion = eu-west-1\n")
            .Set("AWS_PROFILE", "other")
            .Set("ResourceServers__Profile", "emu");

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal(("emu", "us-east-1", "static (profile)"), (probe.Resolved.Profile, probe.Resolved.Region, probe.Resolved.CredentialsKind));
    }

    [Fact]
    public async Task The_services_section_beats_the_profiles_endpoint_url()
    {
        // The profile's own endpoint_url is a closed loopback port: the call succeeds only if the services section won.
        using var setup = new AwsSetup()
            .Config($"[profile emu]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9/\nservices = local\n[services local]\ncognito_identity_provider =\n  endpoint_url = {Url}\n")
            .EmulatorKeys()
            .Set("AWS_PROFILE", "emu");

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal((_emulator.ServiceUrl, "profile emu services local cognito_identity_provider"), (probe.Resolved.ServiceUrl, probe.Resolved.ServiceUrlSource));
    }

    [Fact]
    public async Task AWS_IGNORE_CONFIGURED_ENDPOINT_URLS_leaves_the_Regions_own_endpoint()
    {
        using var setup = new AwsSetup()
            .Config("[default]\nregion = eu-central-1\nendpoint_url = http://127.0.0.1:9/\n")
            .Set("AWS_ENDPOINT_URL", "http://127.0.0.1:9/")
            .Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");

        // Resolution only: the probe makes no call without --pool, so nothing leaves the machine.
        var probe = await setup.ProbeAsync();

        probe.AssertSucceeded();
        Assert.Equal((new Uri("https://cognito-idp.eu-central-1.amazonaws.com/"), "Region eu-central-1"), (probe.Resolved.ServiceUrl, probe.Resolved.ServiceUrlSource));
    }

    [Fact]
    public async Task Web_identity_from_the_environment_assumes_the_role_at_the_kits_STS()
    {
        using var setup = new AwsSetup().Set("AWS_REGION", "us-east-1").Set("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", Url).Set("AWS_ENDPOINT_URL_STS", Url)
            .Set("AWS_ROLE_ARN", RoleArn).Set("AWS_ROLE_SESSION_NAME", "pipeline-42");
        setup.Set("AWS_WEB_IDENTITY_TOKEN_FILE", setup.WriteFile("token", "eyJhbGciOiJSUzI1NiJ9.ci-token.sig"));

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal("web identity", probe.Resolved.CredentialsKind);
        var session = Assert.Single(_emulator.RoleSessions);
        Assert.Equal(("AssumeRoleWithWebIdentity", RoleArn, "pipeline-42"), (session.Action, session.RoleArn, session.RoleSessionName));
    }

    [Fact]
    public async Task An_assume_role_profile_with_a_source_profile()
    {
        using var setup = new AwsSetup()
            .Config($"[profile deploy]\nrole_arn = {RoleArn}\nsource_profile = base\nregion = us-east-1\nendpoint_url = {Url}\n[profile base]\naws_access_key_id = {CognitoEmulatorOptions.DefaultAccessKeyId}\naws_secret_access_key = {CognitoEmulatorOptions.DefaultSecretAccessKey}\n")
            .Set("AWS_PROFILE", "deploy")
            .Set("AWS_ENDPOINT_URL_STS", Url);

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal("assume role from profile base", probe.Resolved.CredentialsKind);
        Assert.Equal(("AssumeRole", RoleArn), (Assert.Single(_emulator.RoleSessions).Action, _emulator.RoleSessions[0].RoleArn));
    }

    [Fact]
    public async Task An_assume_role_profile_with_credential_source_Environment()
    {
        using var setup = new AwsSetup()
            .Config($"[default]\nrole_arn = {RoleArn}\ncredential_source = Environment\nregion = us-east-1\n")
            .EmulatorKeys()
            .Set("AWS_ENDPOINT_URL", Url);

        // The environment's keys come first in the SDK's chain, as in the CLI's: ask for the profile by name.
        var probe = await setup.Set("ResourceServers__Profile", "default").ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal("assume role from Environment", probe.Resolved.CredentialsKind);
        Assert.Equal("AssumeRole", Assert.Single(_emulator.RoleSessions).Action);
    }

    [Fact]
    public async Task A_credential_process_profile()
    {
        using var setup = new AwsSetup();
        var script = setup.WriteFile("credentials.sh", $"#!/bin/sh\necho '{{\"Version\": 1, \"AccessKeyId\": \"{CognitoEmulatorOptions.DefaultAccessKeyId}\", \"SecretAccessKey\": \"{CognitoEmulatorOptions.DefaultSecretAccessKey}\"}}'\n", executable: true);
        setup.Config($"[profile proc]\ncredential_process = {script}\nregion = us-east-1\nendpoint_url = {Url}\n").Set("AWS_PROFILE", "proc");

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal("credential process", probe.Resolved.CredentialsKind);
    }

    [Fact]
    public async Task An_sso_profile_with_a_cached_login_gets_role_credentials_from_the_portal()
    {
        // As after `aws sso login`: the SDK's token cache holds the session's access token; the portal
        // (AWS_ENDPOINT_URL_SSO, the emulator) exchanges it for the role's credentials at the first call.
        using var setup = new AwsSetup()
            .Config($"[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Deploy\nregion = us-east-1\nendpoint_url = {Url}\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n")
            .Set("AWS_PROFILE", "sso")
            .Set("AWS_ENDPOINT_URL_SSO", Url);
        var cacheKey = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes("corp")));
        Directory.CreateDirectory(Path.Combine(setup.Directory, ".aws", "sso", "cache"));
        setup.WriteFile(Path.Combine(".aws", "sso", "cache", cacheKey + ".json"), $$"""
            {"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "cached-sso-access-token", "expiresAt": "{{DateTime.UtcNow.AddHours(8):yyyy-MM-ddTHH:mm:ssZ}}"}
            """);

        var built = await setup.ProbeAsync();
        var sessionsAtBuild = _emulator.RoleSessions.Count;
        var called = await setup.ProbeAsync("--pool", _pool);

        built.AssertSucceeded();
        Assert.Equal(("sso", "sso"), (built.Resolved.Profile, built.Resolved.CredentialsKind));
        Assert.Equal(0, sessionsAtBuild);
        called.AssertSucceeded();
        var session = Assert.Single(_emulator.RoleSessions);
        Assert.Equal(("GetRoleCredentials", "arn:aws:iam::123456789012:role/Deploy"), (session.Action, session.RoleArn));
    }

    [Fact]
    public async Task AWSOptions_ProfilesLocation_and_SessionRoleArn_are_honoured()
    {
        using var setup = new AwsSetup();
        var elsewhere = setup.WriteFile("team-credentials", $"[team]\naws_access_key_id = {CognitoEmulatorOptions.DefaultAccessKeyId}\naws_secret_access_key = {CognitoEmulatorOptions.DefaultSecretAccessKey}\n");
        setup.WriteFile("appsettings.json", $$"""
            {
              "AWS": { "Profile": "team", "ProfilesLocation": "{{elsewhere}}", "Region": "us-east-1", "SessionRoleArn": "{{RoleArn}}", "SessionName": "app" },
              "ResourceServers": { "ServiceUrl": "{{Url}}" }
            }
            """);
        setup.Set("AWS_ENDPOINT_URL_STS", Url);

        var probe = await setup.ProbeAsync("--aws-options", "--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal(("us-east-1", "AWSOptions.Region", "team"), (probe.Resolved.Region, probe.Resolved.RegionSource, probe.Resolved.Profile));
        Assert.StartsWith($"assume role {RoleArn} (AWSOptions.SessionRoleArn) with static (profile)", probe.Resolved.CredentialsKind, StringComparison.Ordinal);
        Assert.Equal(("AssumeRole", RoleArn, "app"), (Assert.Single(_emulator.RoleSessions).Action, _emulator.RoleSessions[0].RoleArn, _emulator.RoleSessions[0].RoleSessionName));
    }

    [Fact]
    public async Task AppSettings_with_only_a_ResourceServers_section_bind_with_no_call_and_beat_the_environment()
    {
        // The issue's trap: with AWS_REGION and an endpoint variable set (as on a build agent) the section must still win.
        using var setup = new AwsSetup().EmulatorKeys().Set("AWS_REGION", "eu-west-1").Set("AWS_ENDPOINT_URL", "http://127.0.0.1:9/");
        setup.WriteFile("appsettings.json", $$"""{ "ResourceServers": { "Region": "us-east-1", "ServiceUrl": "{{Url}}" } }""");

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal(("us-east-1", "ResourceServers:Region", _emulator.ServiceUrl, "ResourceServers:ServiceUrl"), (probe.Resolved.Region, probe.Resolved.RegionSource, probe.Resolved.ServiceUrl, probe.Resolved.ServiceUrlSource));
    }

    [Fact]
    public async Task ResourceServers_environment_variables_bind_the_section()
    {
        using var setup = new AwsSetup().EmulatorKeys().Set("ResourceServers__Region", "us-east-1").Set("ResourceServers__ServiceUrl", Url);

        var probe = await setup.ProbeAsync("--pool", _pool);

        probe.AssertSucceeded();
        Assert.Equal(("ResourceServers:Region", "ResourceServers:ServiceUrl"), (probe.Resolved.RegionSource, probe.Resolved.ServiceUrlSource));
    }

    [Fact]
    public async Task An_unknown_key_in_the_bound_section_stops_the_host_naming_it()
    {
        using var setup = new AwsSetup().EmulatorKeys();
        setup.WriteFile("appsettings.json", $$"""{ "ResourceServers": { "Region": "us-east-1", "ServiceUrl": "{{Url}}", "Resilience": { "MaxAttemps": 2 } } }""");

        var probe = await setup.ProbeAsync();

        Assert.Equal(1, probe.Run.ExitCode);
        Assert.Contains("ResourceServers:Resilience:MaxAttemps is not a setting of ResourceServerResilienceOptions; did you mean ResourceServers:Resilience:MaxAttempts?", probe.Run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_logs_where_it_is_going_once_at_Information_whether_built_by_DI_or_by_hand(bool byHand)
    {
        using var setup = new AwsSetup().EmulatorKeys().Set("AWS_REGION", "us-east-1").Set("AWS_ENDPOINT_URL", Url);

        var probe = await setup.ProbeAsync(byHand ? ["--by-hand", "--pool", _pool] : ["--pool", _pool]);

        probe.AssertSucceeded();
        var line = $"info: ResourceServers.ResourceServerClient[30] ResourceServers client built: Cognito us-east-1 at {Url}, profile default, credentials: environment (Region from AWS_REGION, endpoint from AWS_ENDPOINT_URL)";
        Assert.Single(probe.Run.Stderr.Split('\n'), l => l.Trim() == line);
    }

    [Fact]
    public async Task Instance_metadata_gives_the_Region_and_the_instance_roles_credentials_last()
    {
        // An emulator that wants the instance role's session token, as AWS wants an instance role's.
        const string InstanceToken = "instance-role-session-token";
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { SessionToken = InstanceToken });
        var pool = (await emulator.Cognito.CreateUserPoolAsync("instance")).Id;
        await using var metadata = await FakeInstanceMetadata.StartAsync("us-east-1", emulator.AccessKeyId, CognitoEmulatorOptions.DefaultSecretAccessKey, InstanceToken);
        using var setup = new AwsSetup().Set("AWS_ENDPOINT_URL", emulator.ServiceUrl.ToString());
        metadata.Serve(setup);

        var built = await setup.ProbeAsync();
        var askedAtBuild = metadata.Paths.Count(p => p.Contains("security-credentials", StringComparison.Ordinal));
        var called = await setup.ProbeAsync("--pool", pool);

        built.AssertSucceeded();
        Assert.Equal(("us-east-1", "instance metadata", "instance metadata"), (built.Resolved.Region, built.Resolved.RegionSource, built.Resolved.CredentialsKind));
        Assert.Equal(0, askedAtBuild);
        called.AssertSucceeded();
        Assert.Contains(metadata.Paths, p => p.Contains("/iam/security-credentials", StringComparison.Ordinal) && p.EndsWith(FakeInstanceMetadata.Role, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_Region_anywhere_stops_the_client_naming_every_place_to_set_one(bool byHand)
    {
        using var setup = new AwsSetup().EmulatorKeys().Set("AWS_ENDPOINT_URL", Url);

        var probe = await setup.ProbeAsync(byHand ? ["--by-hand"] : []);

        Assert.Equal(1, probe.Run.ExitCode);
        Assert.Contains("No AWS Region is configured for Cognito: set ResourceServers:Region (ResourceServerClientOptions.Region), or the Region of the registered AWSOptions, or the AWS_REGION or AWS_DEFAULT_REGION environment variable, or 'region' in the AWS profile 'default'", probe.Run.Stderr, StringComparison.Ordinal);
    }
}
