// Package smoke test, the test project's part: what a new user's tests write first, against the packed packages and
// the in-process test kit (the application's part is ../app/Program.cs, which has no test kit).
//   1. A client built by hand over the in-memory Cognito: create, a patch that renames and adds, get, find a missing one.
//   2. The same through dependency injection, configured from appsettings.json (Region, Resilience), with the
//      in-memory Cognito put in by UseInMemoryCognito.
//   3. A host whose client has no Region anywhere refuses to start, naming ResourceServers:Region.
//   4. A host whose appsettings.json holds only a ResourceServers section (Region, ServiceUrl; no Bind call) talks to
//      the test kit's emulator with keys from the environment.
//   With --web-identity (a second run, so nothing the SDK cached in the first decides it): only the host of 4, with
//   AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ENDPOINT_URL_STS pointing at the emulator's STS and no keys.
// Prints "package smoke: ok" at the end; any failed check is printed and the exit code is 1.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResourceServers;
using ResourceServers.Testing;
using ResourceServers.Wire;

var failures = new List<string>();
void Check(bool condition, string what)
{
    Console.WriteLine($"  {(condition ? "ok    " : "FAILED")} {what}");
    if (!condition)
    {
        failures.Add(what);
    }
}

const string Api = "https://api.example.com";

// Nothing here uses the machine's AWS settings, and the last check needs there to be no Region anywhere: the
// variables the SDK's region chain reads are cleared (its profile files and instance metadata kept out too) before
// anything runs, since the chain keeps the first Region it finds.
foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE" })
{
    Environment.SetEnvironmentVariable(variable, null);
}

var nowhere = Path.Combine(AppContext.BaseDirectory, "no-such-aws-file");
Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", nowhere);
Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", nowhere);
Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

try
{
    if (args.Contains("--web-identity"))
    {
        Console.WriteLine("appsettings.json only, web identity through the kit's STS:");
        await using var emulator = await CognitoEmulator.StartAsync();
        var token = Path.Combine(Directory.CreateTempSubdirectory("smoke-").FullName, "token");
        await File.WriteAllTextAsync(token, "smoke-oidc-token");
        Environment.SetEnvironmentVariable("AWS_WEB_IDENTITY_TOKEN_FILE", token);
        Environment.SetEnvironmentVariable("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/smoke");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", emulator.ServiceUrl.ToString());
        await AppSettingsOnlyAsync(emulator, "credentials: web identity");
        Check(emulator.RoleSessions.Count == 1 && emulator.RoleSessions[0].Action == "AssumeRoleWithWebIdentity", $"the role was assumed at the kit's STS ({string.Join(", ", emulator.RoleSessions)})");
        Console.WriteLine(failures.Count == 0 ? "package smoke: ok" : $"package smoke: FAILED ({failures.Count}: {string.Join("; ", failures)})");
        return failures.Count == 0 ? 0 : 1;
    }

    // 1. By hand.
    Console.WriteLine("by hand:");
    var cognito = new InMemoryCognito();
    var pool = await cognito.CreateUserPoolAsync("smoke");
    var client = cognito.CreateClient();

    await client.CreateAsync(new ResourceServer(pool.Id, Api, "api", [new ResourceServerScope("read", "Read")]));
    var change = await client.PatchAsync(pool.Id, Api, ResourceServerPatch.Rename("api-renamed").AndAddOrUpdateScope("write", "Write"));
    var server = await client.GetAsync(pool.Id, Api);
    Check(server.Name == "api-renamed" && server.Scopes.Count == 2, $"patch renamed and added, keeping the first scope ({server.Name}: {string.Join(", ", server.Scopes.Select(s => s.Name))})");
    Check(change.Kind == ResourceServerChangeKind.Updated && change.Diff.ScopesAdded.Count == 1, $"the patch reports its change ({change})");
    Check(server.ScopeIdentifiers.SequenceEqual([$"{Api}/read", $"{Api}/write"]), $"scope identifiers ({string.Join(" ", server.ScopeIdentifiers)})");
    Check(await client.FindAsync(pool.Id, "https://missing.example.com") is null, "FindAsync of a missing resource server returns null");

    // 2. Dependency injection, configured from appsettings.json.
    Console.WriteLine("dependency injection from appsettings.json:");
    var configured = new InMemoryCognito();
    var configuredPool = await configured.CreateUserPoolAsync("smoke-di");
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddJsonFile("appsettings.json", optional: false);
    builder.Services.AddResourceServerClient(builder.Configuration.GetSection(ResourceServerClientOptions.SectionName))
        .UseInMemoryCognito(configured);
    using (var host = builder.Build())
    {
        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName);
        Check(options.Region == "eu-west-1" && options.DefaultPageSize == 10, $"Region and DefaultPageSize bound ({options.Region}, {options.DefaultPageSize})");
        Check(options.Resilience.MaxAttempts == 4 && options.Resilience.BaseDelay == TimeSpan.FromMilliseconds(20), $"Resilience bound (MaxAttempts {options.Resilience.MaxAttempts}, BaseDelay {options.Resilience.BaseDelay})");

        var injected = host.Services.GetRequiredService<IResourceServerClient>();
        await injected.CreateAsync(new ResourceServer(configuredPool.Id, Api, "api", [new ResourceServerScope("read", "Read")]));

        // Three throttles in a row: the configured four attempts get through where the default three would not.
        configured.Faults.FailNext(CognitoOperation.DescribeResourceServer, 3, FaultKind.TooManyRequests);
        var read = await injected.GetAsync(configuredPool.Id, Api);
        Check(read.Name == "api" && configured.Statistics.GetReceived(CognitoOperation.DescribeResourceServer) == 4, $"the configured retries ride out three throttles ({configured.Statistics.GetReceived(CognitoOperation.DescribeResourceServer)} describe calls)");
        Check(await injected.FindAsync(configuredPool.Id, "https://missing.example.com") is null, "FindAsync of a missing resource server returns null");
        Check(await injected.DeleteIfExistsAsync(configuredPool.Id, Api) && !await injected.DeleteIfExistsAsync(configuredPool.Id, Api), "DeleteIfExistsAsync: true, then false once it is gone");
        await host.StopAsync();
    }

    // 3. No Region anywhere (the machine's own settings were cleared above): the host refuses to start.
    Console.WriteLine("start-up validation:");
    var unconfigured = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    unconfigured.Services.AddResourceServerClient();
    using (var host = unconfigured.Build())
    {
        string? message = null;
        try
        {
            await host.StartAsync();
            await host.StopAsync();
        }
        catch (OptionsValidationException e)
        {
            message = e.Message;
        }

        Check(message?.Contains("ResourceServers:Region", StringComparison.Ordinal) == true, $"a client without a Region fails at start-up, naming ResourceServers:Region ({message ?? "it started"})");
    }

    // 4. appsettings.json with only a ResourceServers section, bound with no call, against the emulator.
    Console.WriteLine("appsettings.json only, keys from the environment:");
    await using (var emulator = await CognitoEmulator.StartAsync())
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", CognitoEmulatorOptions.DefaultAccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", CognitoEmulatorOptions.DefaultSecretAccessKey);
        await AppSettingsOnlyAsync(emulator, "credentials: environment");
    }
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    failures.Add($"{e.GetType().Name}: {e.Message}");
    Console.WriteLine($"  FAILED {e}");
}

Console.WriteLine(failures.Count == 0 ? "package smoke: ok" : $"package smoke: FAILED ({failures.Count}: {string.Join("; ", failures)})");
return failures.Count == 0 ? 0 : 1;

// A host as `dotnet new worker` makes it: appsettings.json in the content root, AddResourceServerClient() and no Bind.
async Task AppSettingsOnlyAsync(CognitoEmulator emulator, string credentials)
{
    var pool = await emulator.Cognito.CreateUserPoolAsync("smoke-appsettings");
    var root = Directory.CreateTempSubdirectory("smoke-host-").FullName;
    await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"), $$"""{ "ResourceServers": { "Region": "{{emulator.Region}}", "ServiceUrl": "{{emulator.ServiceUrl}}" } }""");
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root });
    builder.Services.AddResourceServerClient();
    using var host = builder.Build();
    await host.StartAsync();
    var client = (ResourceServerClient)host.Services.GetRequiredService<IResourceServerClient>();
    Check(client.Connection?.ToString() == $"Cognito {emulator.Region} at {emulator.ServiceUrl}, profile default, {credentials}", $"the client says where it is going ({client.Connection})");
    await client.CreateAsync(new ResourceServer(pool.Id, Api, "api"));
    Check((await client.GetAsync(pool.Id, Api)).Name == "api", "created and read back over HTTP, signed");
    await host.StopAsync();
}
