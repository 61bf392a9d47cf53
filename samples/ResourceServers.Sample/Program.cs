// The main job. With no arguments it starts the embedded Cognito emulator (loopback only, no AWS account needed),
// creates a user pool on it, and walks through what the library is for. With --user-pool-id (and optionally
// --endpoint / --region, credentials from the standard AWS chain) it runs the same walk against that pool, touching
// only the resource servers it creates and deleting them at the end.
using ResourceServers;
using ResourceServers.Testing;

SampleArguments arguments;
try
{
    arguments = SampleArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

CognitoEmulator? emulator = null;
try
{
    ResourceServerClientOptions options;
    string userPoolId;
    if (arguments.UsesExternalPool)
    {
        // No --region: the Region comes from AWS_REGION or the profile, as the AWS CLI finds it.
        options = new ResourceServerClientOptions { Region = arguments.Region, ServiceUrl = arguments.Endpoint };
        userPoolId = arguments.UserPoolId!;
        Console.WriteLine($"Using user pool {userPoolId}{(arguments.Endpoint is null ? string.Empty : $" at {arguments.Endpoint}")}.");
    }
    else
    {
        emulator = await CognitoEmulator.StartAsync(cancellationToken: cancellation.Token);
        var pool = await emulator.Cognito.CreateUserPoolAsync("resource-servers-sample", cancellation.Token);
        options = new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials };
        userPoolId = pool.Id;
        Console.WriteLine($"Started the embedded Cognito emulator at {emulator.ServiceUrl} ({emulator.Region}); created user pool {pool.Id}.");
    }

    // The library's defaults, as dependency injection would compose them: signed HTTP that follows no redirect,
    // pacing at Cognito's quotas, retries with backoff. A missing or bad setting throws here, naming it.
    var client = new ResourceServerClient(options);

    // The same settings, but removing scopes that app clients grant on purpose (the default refuses).
    var allowing = new ResourceServerClient(new ResourceServerClientOptions
    {
        Region = options.Region,
        ServiceUrl = options.ServiceUrl,
        Credentials = options.Credentials,
        GrantRevocation = GrantRevocation.Allow,
    });
    Func<string, IReadOnlyList<string>, CancellationToken, Task<string>>? createAppClient = emulator is null
        ? null
        : async (name, scopes, ct) => (await emulator.Cognito.CreateUserPoolClientAsync(userPoolId, name, scopes, cancellationToken: ct)).ClientId!;

    await new Walkthrough(client, userPoolId, Console.Out, allowing, createAppClient).RunAsync(cancellation.Token);
    Console.WriteLine();
    Console.WriteLine("Done: every step behaved as described.");
    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // One line, no stack trace: the message names what failed (service errors carry their code and request id).
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
