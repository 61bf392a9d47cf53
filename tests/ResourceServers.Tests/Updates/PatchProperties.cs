using FsCheck.Xunit;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

/// <summary>Properties of PatchAsync over random current states and random patches, through the client and the in-memory Cognito.</summary>
public class PatchProperties
{
    [Property(Arbitrary = [typeof(NonReplacingPatchCaseGenerators)], MaxTest = 300)]
    public async Task Every_scope_the_patch_does_not_name_survives_with_its_description(PatchCase c)
    {
        var (cognito, result) = await PatchOnce(c);

        var stored = (await cognito.PeekAsync())!;
        var named = c.NamedScopes;
        foreach (var scope in c.Current.Scopes.Where(s => !named.Contains(s.Name)))
        {
            Assert.Contains(scope, stored.Scopes);
            Assert.Contains(scope, result.After!.Scopes);
        }
    }

    [Property(Arbitrary = [typeof(PatchCaseGenerators)], MaxTest = 300)]
    public async Task The_name_survives_unless_the_patch_renames(PatchCase c)
    {
        var (cognito, _) = await PatchOnce(c);

        var rename = c.Steps.LastOrDefault(s => s.Kind == PatchStepKind.Rename);
        Assert.Equal(rename?.Value ?? c.Current.Name, (await cognito.PeekAsync())!.Name);
    }

    [Property(Arbitrary = [typeof(PatchCaseGenerators)], MaxTest = 300)]
    public async Task The_stored_state_is_what_replaying_the_steps_on_a_dictionary_gives(PatchCase c)
    {
        var (cognito, result) = await PatchOnce(c);

        var (name, scopes) = c.Expected();
        var stored = (await cognito.PeekAsync())!;
        Assert.Equal(name, stored.Name);
        Assert.Equal(scopes.OrderBy(e => e.Key, StringComparer.Ordinal), stored.Scopes.Select(s => KeyValuePair.Create(s.Name, s.Description)).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(stored, result.After);

        // Scopes that were there before keep their relative order, and come before every new one.
        var survivors = c.Current.Scopes.Select(s => s.Name).Where(scopes.ContainsKey).ToList();
        Assert.Equal(survivors, stored.Scopes.Select(s => s.Name).Take(survivors.Count));
    }

    [Property(Arbitrary = [typeof(PatchCaseGenerators)], MaxTest = 300)]
    public async Task A_no_op_patch_makes_no_write_and_any_other_makes_exactly_one(PatchCase c)
    {
        var (cognito, result) = await PatchOnce(c);

        var noOp = c.ExpectedNoOp();
        Assert.Equal(noOp ? 0 : 1, cognito.WritesReceived);
        Assert.Equal(noOp ? 0 : 1, cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
        Assert.Equal(noOp ? ResourceServerChangeKind.Unchanged : ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(noOp, result.Diff.IsEmpty);
    }

    [Property(Arbitrary = [typeof(PatchCaseGenerators)], MaxTest = 300)]
    public async Task Applying_the_same_patch_twice_changes_nothing_the_second_time(PatchCase c)
    {
        var (cognito, first) = await PatchOnce(c);
        var writesAfterFirst = cognito.WritesReceived;

        var second = await TestClients.Over(cognito.Cognito).PatchAsync(cognito.PoolId, Id, c.Patch);

        Assert.Equal(ResourceServerChangeKind.Unchanged, second.Kind);
        Assert.Equal(writesAfterFirst, cognito.WritesReceived);
        Assert.Equal(first.After, second.After);
        Assert.Equal(first.After, await cognito.PeekAsync());
    }

    private static async Task<(CognitoPool Cognito, ResourceServerChange Result)> PatchOnce(PatchCase c)
    {
        var cognito = await CognitoPool.CreateAsync();
        await cognito.PutAsync(c.Current with { UserPoolId = cognito.PoolId });
        var result = await TestClients.Over(cognito.Cognito).PatchAsync(cognito.PoolId, Id, c.Patch);
        return (cognito, result);
    }
}
