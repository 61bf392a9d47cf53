// Benchmark programs (Release): `dotnet run -c Release --project tests/ResourceServers.Benchmarks -- <name> [options]`.
//   bulk-apply   resilience and pacing against the emulator with Cognito's quotas enforced (issue: resilience);
//                [--quota-model token-bucket|fixed-window]
//   ensure-all   reads and writes spent to ensure and plan a set of 25 unchanged resource servers (issue 11)
//   grants       grant reads of a pool with 20 app clients: a plan that removes a scope, and one that removes none (issue 26); [--quick]
//   fleet        4 worker processes against the emulator with Cognito's quotas, coordinated on Redis and not (issue 11)
//   lower-quota  a client configured for 15 updates/s against a Cognito granting 6, on a fake clock: where it settles
//   fleet-simulation  the uncoordinated fleet many times over on a fake clock: how often a unit fails; [--runs N]
//   rollout      one new scope to every pool of many (one server each), plan then apply, at 50 ms a round trip:
//                many pools at once against pool after pool (issue 25); [--pools N] [--latency 50ms] [--quota-model ...]
//   overhead     per-call cost of the facade against a raw signed HttpClient baseline (BenchmarkDotNet; --quick)
using ResourceServers.Benchmarks;

var name = args.Length > 0 ? args[0] : string.Empty;
var rest = args.Length > 0 ? args[1..] : [];
return name switch
{
    "bulk-apply" => await BulkApplyBenchmark.RunAsync(rest),
    "ensure-all" => await EnsureAllBenchmark.RunAsync(rest),
    "overhead" => OverheadBenchmark.Run(rest),
    "fleet" => await FleetBenchmark.RunAsync(rest),
    "grants" => await GrantsBenchmark.RunAsync(rest),
    "fleet-simulation" => await FleetSimulation.RunAsync(rest),
    "lower-quota" => await LowerQuotaBenchmark.RunAsync(rest),
    "rollout" => await RolloutBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ResourceServers.Benchmarks -- (bulk-apply | ensure-all | fleet | grants [--quick] | fleet-simulation | lower-quota | rollout | overhead [--quick]) [options]");
    return 2;
}
