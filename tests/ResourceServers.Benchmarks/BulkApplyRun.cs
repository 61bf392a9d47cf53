using System.Globalization;

namespace ResourceServers.Benchmarks;

/// <summary>The figures of one bulk-apply run.</summary>
/// <param name="Pacing">Whether the client paced its calls.</param>
/// <param name="QuotaModel">How the emulator counted calls against the quotas.</param>
/// <param name="Wall">Wall time of the timed part: the first update sent to the last one answered.</param>
/// <param name="QuotaMinimum">The least time the quota allows for the updates (updates / 15 per second).</param>
/// <param name="Updates">Updates applied or attempted.</param>
/// <param name="Failed">Updates that ended in an error after the pipeline gave up.</param>
/// <param name="Attempts">UpdateResourceServer requests the emulator's Cognito received.</param>
/// <param name="Throttled">Of those, the ones answered TooManyRequestsException.</param>
/// <param name="Failures">The errors the failed updates ended with, by type, for the report.</param>
internal sealed record BulkApplyRun(
    bool Pacing,
    ResourceServers.Testing.CognitoQuotaModel QuotaModel,
    TimeSpan Wall,
    TimeSpan QuotaMinimum,
    int Updates,
    int Failed,
    long Attempts,
    long Throttled,
    IReadOnlyDictionary<string, int> Failures)
{
    public double WallOverMin => Wall / QuotaMinimum;

    public double ThrottledAttemptsPct => Attempts == 0 ? 0 : 100.0 * Throttled / Attempts;

    public string Label => Pacing ? "pacing on" : "pacing off";

    public bool MeetsTarget => WallOverMin <= 1.05 && Failed == 0 && ThrottledAttemptsPct <= 2.0;

    public string Describe()
    {
        var failures = Failures.Count == 0 ? string.Empty : " (" + string.Join(", ", Failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} x{f.Value}")) + ")";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Label,-10}: wall={Wall.TotalSeconds:0.00}s min={QuotaMinimum.TotalSeconds:0.00}s wall_over_min={WallOverMin:0.00} updates={Updates} failed={Failed}{failures} attempts={Attempts} throttled={Throttled} throttled_attempts_pct={ThrottledAttemptsPct:0.0}");
    }

    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"bulk-apply: wall_over_min={WallOverMin:0.00} failed={Failed} throttled_attempts_pct={ThrottledAttemptsPct:0.0} ({Label}, {QuotaModel})");
}
