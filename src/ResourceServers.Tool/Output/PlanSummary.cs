using System.Globalization;
using ResourceServers.Tool.Commands;

namespace ResourceServers.Tool.Output;

/// <summary>Counts of a plan or an apply, by kind, and the pools that failed (of <paramref name="Pools"/>).</summary>
internal sealed record PlanSummary(int Create, int Update, int Delete, int Unchanged, int FailedPools, int Pools)
{
    public bool HasChanges => Create + Update + Delete > 0;

    /// <summary>Whether every pool was read: a plan that is not complete says nothing about the pools it could not read.</summary>
    public bool IsComplete => FailedPools == 0;

    public static PlanSummary Of(IEnumerable<PoolPlan> plans)
    {
        var list = plans.ToList();
        var changes = list.SelectMany(p => p.Changes).ToList();
        return new PlanSummary(
            changes.Count(c => c.Kind == ResourceServerChangeKind.Created),
            changes.Count(c => c.Kind == ResourceServerChangeKind.Updated),
            changes.Count(c => c.Kind == ResourceServerChangeKind.Deleted),
            changes.Count(c => c.Kind == ResourceServerChangeKind.Unchanged),
            list.Count(p => p.Error is not null),
            list.Count);
    }

    /// <summary>"1 to create, 2 to update, 0 to delete, 3 unchanged" (or, for an apply, "1 created, ...").</summary>
    public string Describe(bool done)
    {
        var counts = done
            ? string.Create(CultureInfo.InvariantCulture, $"{Create} created, {Update} updated, {Delete} deleted, {Unchanged} unchanged")
            : string.Create(CultureInfo.InvariantCulture, $"{Create} to create, {Update} to update, {Delete} to delete, {Unchanged} unchanged");
        return FailedPools > 0 ? string.Create(CultureInfo.InvariantCulture, $"{counts}; {FailedPools} user pool(s) failed") : counts;
    }
}
