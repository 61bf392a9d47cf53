using System.Globalization;

namespace ResourceServers.Benchmarks;

/// <summary>The figures of one fleet run (both phases).</summary>
/// <param name="Coordination">"redis" or "none".</param>
/// <param name="Wall">Wall time of both phases, each from the start signal to the last worker's exit.</param>
/// <param name="QuotaMinimum">The least time the quotas allow for the same calls.</param>
/// <param name="Failed">Units that ended in an error.</param>
/// <param name="Attempts">Requests the emulator's Cognito received.</param>
/// <param name="Throttled">Of those, the ones answered TooManyRequestsException.</param>
/// <param name="LostScopes">Scopes whose patch reported success but which are missing at the end.</param>
internal sealed record FleetRun(string Coordination, TimeSpan Wall, TimeSpan QuotaMinimum, int Failed, long Attempts, long Throttled, int LostScopes)
{
    public double WallOverMin => Wall / QuotaMinimum;

    public double ThrottledAttemptsPct => Attempts == 0 ? 0 : 100.0 * Throttled / Attempts;

    public string Describe(TimeSpan updates, TimeSpan patches) => string.Create(
        CultureInfo.InvariantCulture,
        $"coordination={Coordination,-5}: updates {updates.TotalSeconds:0.00}s + patches {patches.TotalSeconds:0.00}s = {Wall.TotalSeconds:0.00}s (min {QuotaMinimum.TotalSeconds:0.00}s) failed={Failed} attempts={Attempts} throttled={Throttled} lost_scopes={LostScopes}");

    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"fleet: processes=4 coordination={Coordination} wall_over_min={WallOverMin:0.00} failed={Failed} throttled_attempts_pct={ThrottledAttemptsPct:0.0} lost_scopes={LostScopes}");
}
