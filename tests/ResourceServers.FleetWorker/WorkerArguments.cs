using System.Globalization;

namespace ResourceServers.FleetWorker;

/// <summary>The worker's command line.</summary>
internal sealed record WorkerArguments(
    Uri ServiceUrl,
    string Region,
    string Job,
    IReadOnlyList<string> Pools,
    string Identifier,
    int First,
    int Last,
    string? Redis,
    string KeyPrefix,
    TimeSpan LockExpiry,
    bool FallbackToLocal,
    bool StallBeforeWrite,
    bool RetryCoordinationErrors,
    int? Rate,
    bool WarmUp)
{
    public static WorkerArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--fallback-to-local" or "--stall-before-write" or "--retry-coordination-errors" or "--warm-up":
                    flags.Add(args[i]);
                    break;
                case "--service-url" or "--region" or "--job" or "--pool" or "--identifier" or "--scopes" or "--redis" or "--key-prefix" or "--lock-expiry-ms" or "--rate" when i + 1 < args.Length:
                    values[args[i]] = args[++i];
                    break;
                default:
                    throw new ArgumentException($"unknown or incomplete argument '{args[i]}'");
            }
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{name} is required");
        var job = Required("--job");
        if (job is not ("patch" or "update"))
        {
            throw new ArgumentException($"--job must be patch or update; it was '{job}'");
        }

        var range = Required("--scopes").Split('-');
        if (range.Length != 2 || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first) || !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first)
        {
            throw new ArgumentException("--scopes must be FIRST-LAST, e.g. 0-24");
        }

        var expiryMs = values.TryGetValue("--lock-expiry-ms", out var e) ? int.Parse(e, NumberStyles.None, CultureInfo.InvariantCulture) : 10_000;
        return new WorkerArguments(
            new Uri(Required("--service-url")),
            Required("--region"),
            job,
            Required("--pool").Split(','),
            Required("--identifier"),
            first,
            last,
            values.GetValueOrDefault("--redis"),
            values.GetValueOrDefault("--key-prefix") ?? "resourceservers",
            TimeSpan.FromMilliseconds(expiryMs),
            flags.Contains("--fallback-to-local"),
            flags.Contains("--stall-before-write"),
            flags.Contains("--retry-coordination-errors"),
            values.TryGetValue("--rate", out var rate) ? int.Parse(rate, NumberStyles.None, CultureInfo.InvariantCulture) : null,
            flags.Contains("--warm-up"));
    }
}
