using FsCheck;
using FsCheck.Fluent;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Updates;

/// <summary>One step of a generated patch, kept so the test's own model can replay it independently of the library.</summary>
public sealed record PatchStep(PatchStepKind Kind, string Value, string Description = "", IReadOnlyList<ResourceServerScope>? Scopes = null)
{
    public override string ToString() => Kind switch
    {
        PatchStepKind.Add => $"add {Value}=\"{Description}\"",
        PatchStepKind.Remove => $"remove {Value}",
        PatchStepKind.Rename => $"rename {Value}",
        _ => $"replace [{string.Join(", ", Scopes!.Select(s => $"{s.Name}=\"{s.Description}\""))}]",
    };
}

public enum PatchStepKind
{
    Add,
    Remove,
    Rename,
    Replace,
}

/// <summary>A random current state and a random patch built from <see cref="Steps"/> with the public helpers.</summary>
public sealed record PatchCase(ResourceServer Current, IReadOnlyList<PatchStep> Steps)
{
    public ResourceServerPatch Patch => Steps.Aggregate(ResourceServerPatch.Empty, (patch, step) => step.Kind switch
    {
        PatchStepKind.Add => patch.AndAddOrUpdateScope(step.Value, step.Description),
        PatchStepKind.Remove => patch.AndRemoveScope(step.Value),
        PatchStepKind.Rename => patch.AndRename(step.Value),
        _ => patch.AndReplaceScopes(step.Scopes!),
    });

    public bool Replaces => Steps.Any(s => s.Kind == PatchStepKind.Replace);

    /// <summary>Names of scopes the patch mentions in any step.</summary>
    public ISet<string> NamedScopes => Steps
        .SelectMany(s => s.Kind switch
        {
            PatchStepKind.Add or PatchStepKind.Remove => [s.Value],
            PatchStepKind.Replace => s.Scopes!.Select(x => x.Name),
            _ => [],
        })
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The expected name and scopes, from replaying the steps one by one on a plain dictionary.</summary>
    public (string Name, Dictionary<string, string> Scopes) Expected()
    {
        var name = Current.Name;
        var scopes = Current.Scopes.ToDictionary(s => s.Name, s => s.Description, StringComparer.Ordinal);
        foreach (var step in Steps)
        {
            switch (step.Kind)
            {
                case PatchStepKind.Add:
                    scopes[step.Value] = step.Description;
                    break;
                case PatchStepKind.Remove:
                    scopes.Remove(step.Value);
                    break;
                case PatchStepKind.Rename:
                    name = step.Value;
                    break;
                default:
                    scopes = step.Scopes!.ToDictionary(s => s.Name, s => s.Description, StringComparer.Ordinal);
                    break;
            }
        }

        return (name, scopes);
    }

    public bool ExpectedNoOp()
    {
        var (name, scopes) = Expected();
        return name == Current.Name
            && scopes.Count == Current.Scopes.Count
            && Current.Scopes.All(s => scopes.TryGetValue(s.Name, out var d) && d == s.Description);
    }

    public override string ToString() =>
        $"current: {Current.Name} [{string.Join(", ", Current.Scopes.Select(s => $"{s.Name}=\"{s.Description}\""))}]; steps: {string.Join("; ", Steps)}";
}

/// <summary>
/// Generators drawing names and descriptions from small sets, so patches often touch existing scopes, repeat the
/// current description, or name the current name: the cases where no-op detection and survival matter.
/// </summary>
public static class PatchCaseGenerators
{
    private static readonly string[] ScopeNames = ["read", "write", "admin", "audit", "s1", "s2", "S1", "a.b-c"];
    private static readonly string[] Descriptions = ["Read", "Write", "Anything", "read"];
    private static readonly string[] Names = ["api", "orders", "api v2"];

    public static Arbitrary<PatchCase> PatchCase() => Arb.From(Case(allowReplace: true));

    public static Gen<PatchCase> Case(bool allowReplace) =>
        from current in Current()
        from steps in Gen.ListOf(Step(allowReplace)).Resize(6)
        select new PatchCase(current, [.. steps]);

    private static Gen<ResourceServerScope> Scope() =>
        from name in Gen.Elements(ScopeNames)
        from description in Gen.Elements(Descriptions)
        select new ResourceServerScope(name, description);

    private static Gen<ResourceServerScope[]> DistinctScopes() =>
        from names in Gen.SubListOf(ScopeNames)
        from shuffled in Gen.Shuffle(names.ToArray())
        from descriptions in Gen.ArrayOf(Gen.Elements(Descriptions), shuffled.Length)
        select shuffled.Zip(descriptions, (n, d) => new ResourceServerScope(n, d)).ToArray();

    private static Gen<ResourceServer> Current() =>
        from name in Gen.Elements(Names)
        from scopes in DistinctScopes()
        select new ResourceServer(UpdateTestData.Pool, UpdateTestData.Id, name, scopes);

    private static Gen<PatchStep> Step(bool allowReplace)
    {
        var add = Scope().Select(s => new PatchStep(PatchStepKind.Add, s.Name, s.Description));
        var remove = Gen.Elements(ScopeNames).Select(n => new PatchStep(PatchStepKind.Remove, n));
        var rename = Gen.Elements(Names).Select(n => new PatchStep(PatchStepKind.Rename, n));
        var replace = DistinctScopes().Select(s => new PatchStep(PatchStepKind.Replace, string.Empty, Scopes: s));
        return allowReplace
            ? Gen.Frequency((4, add), (3, remove), (2, rename), (1, replace))
            : Gen.Frequency((4, add), (3, remove), (2, rename));
    }
}

/// <summary>Patches without a replace step, for the survival property.</summary>
public static class NonReplacingPatchCaseGenerators
{
    public static Arbitrary<PatchCase> PatchCase() => Arb.From(PatchCaseGenerators.Case(allowReplace: false));
}
