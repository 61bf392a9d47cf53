// Package smoke test, the application's part: the library and Redis coordination only, as README's Install puts them
// in an application; the test kit (and ASP.NET Core with it) stays in the test project (../tests/Program.cs).
//   1. A host as `dotnet new worker` makes it, whose appsettings.json holds only a ResourceServers section: the client
//      is bound with no Bind call and says where it is going; nothing is called.
//   2. The Redis coordination package: a bad setting refused at registration; its connection keeps retrying.
//   3. Nothing of the test kit is in the application's output.
// Prints "package smoke: app ok" at the end; any failed check is printed and the exit code is 1.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResourceServers;

var failures = new List<string>();
void Check(bool condition, string what)
{
    Console.WriteLine($"  {(condition ? "ok    " : "FAILED")} {what}");
    if (!condition)
    {
        failures.Add(what);
    }
}

// Nothing here may use the machine's AWS settings.
foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER" })
{
    Environment.SetEnvironmentVariable(variable, null);
}

Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(AppContext.BaseDirectory, "no-such-aws-file"));
Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(AppContext.BaseDirectory, "no-such-aws-file"));
Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

try
{
    // 1. The application's host: appsettings.json in the content root, AddResourceServerClient() and no Bind.
    Console.WriteLine("the application, bound from appsettings.json:");
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
    builder.Services.AddResourceServerClient();
    using (var host = builder.Build())
    {
        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(Options.DefaultName);
        Check(options.Region == "eu-west-1" && options.Resilience.MaxAttempts == 4, $"the ResourceServers section is bound with no call (Region {options.Region}, MaxAttempts {options.Resilience.MaxAttempts})");
        var client = (ResourceServerClient)host.Services.GetRequiredService<IResourceServerClient>();
        Check(client.Connection?.ToString().StartsWith("Cognito eu-west-1 at https://cognito-idp.eu-west-1.amazonaws.com/", StringComparison.Ordinal) == true, $"the client says where it is going ({client.Connection})");
        await host.StopAsync();
    }

    // 2. The Redis coordination package resolves and refuses a bad setting at registration, naming it (no Redis needed).
    {
        string? message = null;
        try
        {
            new ServiceCollection().AddResourceServerClient().UseRedisCoordination("127.0.0.1:6379", redis => redis.LockExpiry = TimeSpan.Zero);
        }
        catch (ArgumentException e)
        {
            message = e.Message;
        }

        Check(message?.Contains("LockExpiry", StringComparison.Ordinal) == true, $"UseRedisCoordination refuses LockExpiry 0, naming it ({message ?? "accepted"})");
        Check(!ResourceServers.Redis.RedisCoordination.ConnectionString("127.0.0.1:6379").AbortOnConnectFail, "the Redis connection keeps retrying when Redis is down at start");
    }

    // 3. The test kit stays out of the application.
    Check(!File.Exists(Path.Combine(AppContext.BaseDirectory, "ResourceServers.Testing.dll")), "the application's output has no test kit");
    var runtimeConfig = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, AppDomain.CurrentDomain.FriendlyName + ".runtimeconfig.json"));
    Check(!runtimeConfig.Contains("Microsoft.AspNetCore.App", StringComparison.Ordinal), "the application does not need ASP.NET Core's shared framework");
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    failures.Add($"{e.GetType().Name}: {e.Message}");
    Console.WriteLine($"  FAILED {e}");
}

Console.WriteLine(failures.Count == 0 ? "package smoke: app ok" : $"package smoke: app FAILED ({failures.Count}: {string.Join("; ", failures)})");
return failures.Count == 0 ? 0 : 1;
