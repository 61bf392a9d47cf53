using ResourceServers.Tool.Commands;

namespace ResourceServers.Tool.Plans;

/// <summary>
/// A plan as <c>plan --out FILE</c> saves it and <c>apply FILE</c> carries it out: for each pool, every resource server
/// the plan read (its state then, or absent) and the state the plan leaves it in. The states read are what
/// <c>apply</c> checks the live pools against before it writes anything (<see cref="SavedPlanCheck"/>).
/// </summary>
/// <param name="CreatedAt">When the plan was made (UTC).</param>
/// <param name="Region">The Region the plan read; apply refuses to write to another.</param>
/// <param name="Endpoint">The endpoint the plan read; apply refuses to write to another.</param>
/// <param name="Manifest">The manifest the plan was made from, as given on the command line (for people).</param>
/// <param name="Prune">Whether the plan deletes unlisted resource servers: it then read whole pools, and a server that appeared since makes it stale.</param>
/// <param name="UserPools">Each pool's changes: <see cref="ResourceServerChange.Before"/> as read, <see cref="ResourceServerChange.After"/> as planned.</param>
internal sealed record SavedPlan(DateTimeOffset CreatedAt, string Region, Uri Endpoint, string Manifest, bool Prune, IReadOnlyList<PoolPlan> UserPools)
{
    /// <summary>The version of the file format this tool writes and reads (docs/tool.md, "Saved plans").</summary>
    public const int FormatVersion = 1;

    /// <summary>The value of the file's <c>format</c> member, which tells a plan from a manifest or any other JSON.</summary>
    public const string FormatName = "resource-servers-plan";
}
