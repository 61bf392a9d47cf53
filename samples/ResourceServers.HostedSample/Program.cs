// The hosted sample: the client registered from appsettings.json through dependency injection, used by an
// application service (ScopeProvisioner). By default it starts the embedded Cognito emulator (loopback only, no AWS
// account needed) and points the client at it. Against a real pool:
//   dotnet run --project samples/ResourceServers.HostedSample -- --user-pool-id us-east-1_XXXXXXXXX [--region us-east-1] [--endpoint https://...] [--profile name]
// (credentials from the profile or the standard AWS chain; it adds two scopes to the sample identifier and deletes
// the resource server again only if it created it).
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResourceServers;
using ResourceServers.HostedSample;
using ResourceServers.Testing;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--endpoint"] = "ResourceServers:ServiceUrl",
    ["--region"] = "ResourceServers:Region",
    ["--profile"] = "ResourceServers:Profile",
    ["--user-pool-id"] = "Sample:UserPoolId",
});
var sample = builder.Configuration.GetSection(SampleSettings.SectionName).Get<SampleSettings>() ?? new SampleSettings();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

CognitoEmulator? emulator = null;
try
{
    var client = builder.Services.AddResourceServerClient(builder.Configuration.GetSection(ResourceServerClientOptions.SectionName));
    string userPoolId;
    if (string.IsNullOrWhiteSpace(sample.UserPoolId))
    {
        emulator = await CognitoEmulator.StartAsync(cancellationToken: cancellation.Token);
        userPoolId = (await emulator.Cognito.CreateUserPoolAsync("hosted-sample", cancellation.Token)).Id;
        client.UseCognitoEmulator(emulator);
        Console.WriteLine($"Embedded Cognito emulator at {emulator.ServiceUrl}; user pool {userPoolId}.");
    }
    else
    {
        userPoolId = sample.UserPoolId;
        Console.WriteLine($"Using user pool {userPoolId}.");
    }

    builder.Services.AddSingleton<ScopeProvisioner>();
    using var host = builder.Build();

    // Starting the host validates the client's options (ValidateOnStart): a bad setting stops here, named.
    await host.StartAsync(cancellation.Token);
    var provisioner = host.Services.GetRequiredService<ScopeProvisioner>();

    var read = new ResourceServerScope("orders.read", "Read orders");
    var write = new ResourceServerScope("orders.write", "Create and change orders");
    var first = await provisioner.EnsureScopeAsync(userPoolId, sample.Identifier, sample.Name, read, cancellation.Token);
    Console.WriteLine($"ensure {read.Name}: {first}");
    Console.WriteLine($"ensure {write.Name}: {await provisioner.EnsureScopeAsync(userPoolId, sample.Identifier, sample.Name, write, cancellation.Token)}");
    Console.WriteLine($"ensure {read.Name} again: {await provisioner.EnsureScopeAsync(userPoolId, sample.Identifier, sample.Name, read, cancellation.Token)}");

    var resourceServers = host.Services.GetRequiredService<IResourceServerClient>();
    var stored = await resourceServers.GetAsync(userPoolId, sample.Identifier, cancellation.Token);
    Console.WriteLine($"{stored.Identifier} now offers: {string.Join(" ", stored.ScopeIdentifiers)}");

    if (first == ProvisioningOutcome.CreatedResourceServer && emulator is null)
    {
        await resourceServers.DeleteAsync(userPoolId, sample.Identifier, cancellation.Token);
        Console.WriteLine($"Deleted {sample.Identifier} again (this run created it).");
    }

    await host.StopAsync(cancellation.Token);
    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // One line, no stack trace: validation failures name the setting; service errors carry code and request id.
    Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
    return 1;
}
finally
{
    if (emulator is not null)
    {
        await emulator.DisposeAsync();
    }
}
