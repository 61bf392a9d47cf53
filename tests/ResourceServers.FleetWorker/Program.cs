// One process of a fleet, for the multi-process tests and the fleet benchmark: a ResourceServerClient built as users
// build one by hand, against the Cognito endpoint it is given (the emulator), with or without coordination on Redis.
// Credentials come from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), never from the command line.
//
//   ResourceServers.FleetWorker --service-url URL --region R --job (patch|update) --pool P[,P...] --identifier I
//       --scopes FIRST-LAST [--redis HOST:PORT] [--key-prefix X] [--lock-expiry-ms N] [--fallback-to-local]
//       [--stall-before-write] [--retry-coordination-errors] [--rate N] [--warm-up]
//
// patch:  for each i in FIRST..LAST, PatchAsync adds scope s{i} to I in the first pool.
// update: for each i, UpdateAsync replaces I in pool[i % pools] with scopes [read, rev{i}].
// --rate N paces every limit at N a second instead of Cognito's quotas (tests that check correctness, not pacing).
// --warm-up makes one call of the job's kind on an identifier that does not exist before "ready" (JIT, the HTTP
// connection, Redis's scripts), so that a benchmark times pacing and coordination rather than process start-up.
// Prints "ready", waits for a line on stdin (the start signal), runs, prints one line per unit
// ("ok i" / "failed i ErrorType") and at the end "worker: done=N failed=M coordination_errors=K".
using ResourceServers;
using ResourceServers.FleetWorker;
using ResourceServers.Redis;
using StackExchange.Redis;

WorkerArguments a;
try
{
    a = WorkerArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

var options = new ResourceServerClientOptions { Region = a.Region, ServiceUrl = a.ServiceUrl };
if (a.Rate is { } rate)
{
    options.Resilience.Pacing.PerOperationPerUserPoolPerSecond = rate;
    options.Resilience.Pacing.ReadCategoryPerSecond = rate;
    options.Resilience.Pacing.UpdateCategoryPerSecond = rate;
}
ResourceServerCoordination? coordination = null;
ConnectionMultiplexer? redis = null;
if (a.Redis is not null)
{
    var configuration = RedisCoordination.ConnectionString(a.Redis);
    configuration.ConnectTimeout = 2000;
    redis = await ConnectionMultiplexer.ConnectAsync(configuration);
    coordination = RedisCoordination.Create(redis, new RedisCoordinationOptions
    {
        KeyPrefix = a.KeyPrefix,
        FallbackToLocal = a.FallbackToLocal,
        LockExpiry = a.LockExpiry,
    });
}

using var http = new HttpClient(new StallingHandler(a.StallBeforeWrite) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } });
var client = new ResourceServerClient(options, httpClient: http, coordination: coordination);
if (a.WarmUp)
{
    // Not found either way: a patch reads under its lock and stops there, a find answers null. Nothing is written.
    const string Missing = "https://warm-up.invalid";
    if (a.Job == "patch")
    {
        try
        {
            await client.PatchAsync(a.Pools[0], Missing, ResourceServerPatch.AddOrUpdateScope("warm", "Warm-up"));
        }
        catch (ResourceServerNotFoundException)
        {
        }
    }
    else
    {
        _ = await client.FindAsync(a.Pools[0], Missing);
    }
}

Console.WriteLine("ready");
_ = Console.ReadLine();

var done = 0;
var failed = 0;
var coordinationErrors = 0;
for (var i = a.First; i <= a.Last; i++)
{
    while (true)
    {
        try
        {
            if (a.Job == "patch")
            {
                await client.PatchAsync(a.Pools[0], a.Identifier, ResourceServerPatch.AddOrUpdateScope($"s{i}", $"Scope {i}"));
            }
            else
            {
                var pool = a.Pools[i % a.Pools.Count];
                await client.UpdateAsync(new ResourceServer(pool, a.Identifier, "api", [new ResourceServerScope("read", "Read"), new ResourceServerScope($"rev{i}", $"Revision {i}")]));
            }

            done++;
            Console.WriteLine($"ok {i}");
            break;
        }
        catch (ResourceServerCoordinationException e) when (a.RetryCoordinationErrors)
        {
            // The application's choice: wait for the coordination service and try the unit again.
            coordinationErrors++;
            Console.WriteLine($"coordination-error {i} {e.Coordinator}");
            await Task.Delay(200);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failed++;
            coordinationErrors += e is ResourceServerCoordinationException ? 1 : 0;
            var kind = e is CognitoServiceException service ? service.ErrorCode : e.GetType().Name;
            Console.WriteLine($"failed {i} {kind}");
            break;
        }
    }
}

Console.WriteLine($"worker: done={done} failed={failed} coordination_errors={coordinationErrors}");
if (redis is not null)
{
    await redis.DisposeAsync();
}

return failed == 0 ? 0 : 1;
