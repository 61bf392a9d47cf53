// The standalone Cognito emulator (the cognito-emulator .NET tool): serves an in-memory Cognito on
// http://127.0.0.1:<port>/ until Ctrl+C, with the user pools named by --user-pool already created.
//   cognito-emulator [--port 9229] [--region us-east-1] [--quotas off|token-bucket|fixed-window] [--latency 50ms|20ms-80ms] [--user-pool NAME ...]
using System.Globalization;
using System.Runtime.InteropServices;
using ResourceServers.Testing;

const int DefaultPort = 9229;
var usage = $"Usage: cognito-emulator [--port N (default {DefaultPort})] [--region R (default {CognitoEmulatorOptions.DefaultRegion})] [--quotas off|token-bucket|fixed-window (default off)] [--latency 50ms or 20ms-80ms (added to every answer; default none)] [--user-pool NAME (repeatable: creates the pool and prints its id)]";

var port = DefaultPort;
string? region = null;
CognitoQuotaModel? quotas = null;
var userPools = new List<string>();
(TimeSpan Min, TimeSpan Max) latency = default;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535:
            port = p;
            i++;
            break;
        case "--region" when i + 1 < args.Length && !string.IsNullOrWhiteSpace(args[i + 1]):
            region = args[++i];
            break;
        case "--quotas" when i + 1 < args.Length && args[i + 1] is "off" or "token-bucket" or "fixed-window":
            // Cognito's published rate quotas, counted as a token bucket or in fixed one-second windows.
            quotas = args[++i] switch
            {
                "token-bucket" => CognitoQuotaModel.TokenBucket,
                "fixed-window" => CognitoQuotaModel.FixedWindow,
                _ => null,
            };
            break;
        case "--latency" when i + 1 < args.Length && TryParseLatency(args[i + 1], out latency):
            i++;
            break;
        case "--user-pool" when i + 1 < args.Length && !string.IsNullOrWhiteSpace(args[i + 1]):
            userPools.Add(args[++i]);
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
            Console.Error.WriteLine(usage);
            return 2;
    }
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// SIGTERM (docker stop, kill) stops as cleanly as Ctrl+C.
using var onSigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

CognitoEmulator emulator;
try
{
    emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions
    {
        Port = port,
        Region = region,
        EnforceRateQuotas = quotas is not null,
        QuotaModel = quotas ?? CognitoQuotaModel.TokenBucket,
        Latency = latency.Min,
        MaxLatency = latency.Max,
    });
}
catch (IOException ex)
{
    Console.Error.WriteLine($"Cannot listen on 127.0.0.1:{port}: {ex.Message} Choose another port with --port N.");
    return 1;
}
catch (ArgumentException ex)
{
    // The options are checked when the emulator starts (a region such as "us east" is refused there).
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(usage);
    return 2;
}

await using var running = emulator;

// The pools first, so a script that waits for "listening on" can read every id above it.
foreach (var name in userPools)
{
    var pool = await emulator.Cognito.CreateUserPoolAsync(name);
    Console.WriteLine($"user pool {name}: {pool.Id}");
}

// The keys are the AWS documentation's example keys, accepted only by this emulator; printing them is the point.
Console.WriteLine($"Cognito emulator listening on {emulator.ServiceUrl}");
Console.WriteLine($"  region:            {emulator.Region}");
Console.WriteLine($"  rate quotas:       {(quotas is { } model ? $"enforced ({model})" : "off")}");
Console.WriteLine($"  latency:           {(latency.Max == TimeSpan.Zero ? "none added" : latency.Min == latency.Max ? $"{latency.Min.TotalMilliseconds:0} ms" : $"{latency.Min.TotalMilliseconds:0}-{latency.Max.TotalMilliseconds:0} ms")}");
Console.WriteLine($"  access key id:     {emulator.AccessKeyId}");
Console.WriteLine($"  secret access key: {CognitoEmulatorOptions.DefaultSecretAccessKey} (public test key)");
Console.WriteLine("Try:");
Console.WriteLine($"  AWS_ACCESS_KEY_ID={emulator.AccessKeyId} AWS_SECRET_ACCESS_KEY={CognitoEmulatorOptions.DefaultSecretAccessKey} \\");
Console.WriteLine($"    aws --endpoint-url {emulator.ServiceUrl} --region {emulator.Region} cognito-idp list-user-pools --max-results 10");
Console.WriteLine("Press Ctrl+C to stop.");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopping.");
}

return 0;

// "50ms" or "20ms-80ms": whole milliseconds, the range's bounds in order (the emulator checks the 10 s limit).
static bool TryParseLatency(string text, out (TimeSpan Min, TimeSpan Max) latency)
{
    latency = default;
    var parts = text.Split('-');
    if (parts.Length is < 1 or > 2 || !TryParseMilliseconds(parts[0], out var min))
    {
        return false;
    }

    var max = min;
    if (parts.Length == 2 && (!TryParseMilliseconds(parts[1], out max) || max < min))
    {
        return false;
    }

    latency = (min, max);
    return true;
}

static bool TryParseMilliseconds(string text, out TimeSpan value)
{
    value = default;
    if (!text.EndsWith("ms", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(0, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
    {
        return false;
    }

    value = TimeSpan.FromMilliseconds(ms);
    return true;
}
