// The library in a process of its own, as an application runs it, so the configuration tests can give it an
// environment (AWS_* variables, shared files, appsettings.json in the working directory) that no other test sees.
//   ResourceServers.ConnectionProbe [--by-hand] [--aws-options] [--pool POOL_ID]
// Builds the client (by DI from a generic host's configuration, or by hand with default options), prints its
// ResourceServerClient.Connection as one JSON line on stdout, and with --pool lists the pool's resource servers (a
// signed call, so the credentials are really resolved). Logs go to stderr. Exits 0, or 1 with the error on stderr.
using System.Text.Json;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResourceServers;

var byHand = args.Contains("--by-hand");
var withAwsOptions = args.Contains("--aws-options");
var poolIndex = Array.IndexOf(args, "--pool");
var pool = poolIndex >= 0 && poolIndex + 1 < args.Length ? args[poolIndex + 1] : null;

try
{
    var builder = Host.CreateApplicationBuilder([]);
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Polly", LogLevel.Warning);
    builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    if (withAwsOptions)
    {
        builder.Services.AddDefaultAWSOptions(builder.Configuration.GetAWSOptions());
    }

    builder.Services.AddResourceServerClient();
    using var host = builder.Build();
    var client = byHand
        ? new ResourceServerClient(loggerFactory: host.Services.GetRequiredService<ILoggerFactory>())
        : (ResourceServerClient)host.Services.GetRequiredService<IResourceServerClient>();

    Console.WriteLine(JsonSerializer.Serialize(client.Connection));
    if (pool is not null)
    {
        var count = 0;
        await foreach (var _ in client.ListAsync(pool))
        {
            count++;
        }

        Console.Error.WriteLine($"listed {count} resource server(s) of {pool}");
    }

    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"{e.GetType().Name}: {e.Message}");
    return 1;
}
