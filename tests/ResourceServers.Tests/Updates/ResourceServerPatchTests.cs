using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

public class ResourceServerPatchTests
{
    private static readonly ResourceServer Current = Server("api", Scope("a"), Scope("b"), Scope("c"));

    [Fact]
    public void Updated_scopes_keep_their_position_and_new_ones_are_appended()
    {
        var patch = ResourceServerPatch.AddOrUpdateScope("d", "D").AndAddOrUpdateScope("b", "changed");

        var result = patch.ApplyTo(Current);

        Assert.Equal(Server("api", Scope("a"), new ResourceServerScope("b", "changed"), Scope("c"), new ResourceServerScope("d", "D")), result);
    }

    [Fact]
    public void Replace_keeps_the_current_position_of_surviving_scopes()
    {
        var result = ResourceServerPatch.ReplaceScopes(Scope("x"), Scope("c"), Scope("a", "new a")).ApplyTo(Current);

        Assert.Equal(Server("api", new ResourceServerScope("a", "new a"), Scope("c"), Scope("x")), result);
    }

    [Fact]
    public void A_scope_replaced_away_and_set_again_keeps_its_current_position()
    {
        var result = ResourceServerPatch.ReplaceScopes(Scope("new"), Scope("c")).AndAddOrUpdateScope("a", "back").ApplyTo(Current);

        Assert.Equal(["a", "c", "new"], result.Scopes.Select(s => s.Name));
        Assert.Equal("back", result.Scopes[0].Description);
    }

    [Fact]
    public void Replace_with_nothing_removes_every_scope_and_keeps_the_name()
    {
        var result = ResourceServerPatch.ReplaceScopes().ApplyTo(Current);

        Assert.Equal(Server("api"), result);
    }

    [Fact]
    public void A_later_step_wins_over_an_earlier_one_for_the_same_scope()
    {
        var addThenRemove = ResourceServerPatch.AddOrUpdateScope("x", "X").AndRemoveScope("x");
        var removeThenAdd = ResourceServerPatch.RemoveScope("a").AndAddOrUpdateScope("a", "again");
        var addTwice = ResourceServerPatch.AddOrUpdateScope("x", "1").AndAddOrUpdateScope("x", "2");

        Assert.Empty(addThenRemove.ScopesToAddOrUpdate);
        Assert.Equal(["x"], addThenRemove.ScopesToRemove);
        Assert.Empty(removeThenAdd.ScopesToRemove);
        Assert.Equal([new ResourceServerScope("x", "2")], addTwice.ScopesToAddOrUpdate);
        Assert.Equal(Current, addThenRemove.ApplyTo(Current));
        Assert.Equal("again", removeThenAdd.ApplyTo(Current).Scopes[0].Description);
    }

    [Fact]
    public void Replace_supersedes_earlier_scope_steps_and_later_steps_apply_on_top()
    {
        var patch = ResourceServerPatch.AddOrUpdateScope("lost", "L").AndReplaceScopes(Scope("a")).AndAddOrUpdateScope("z", "Z").AndRename("renamed");

        Assert.Equal(Server("renamed", Scope("a"), new ResourceServerScope("z", "Z")), patch.ApplyTo(Current));
    }

    [Fact]
    public void The_empty_patch_changes_nothing()
    {
        Assert.True(ResourceServerPatch.Empty.IsEmpty);
        Assert.False(ResourceServerPatch.RemoveScope("a").IsEmpty);
        Assert.Equal(Current, ResourceServerPatch.Empty.ApplyTo(Current));
    }

    [Fact]
    public void Contradictory_or_duplicate_constructor_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ResourceServerPatch(scopesToAddOrUpdate: [Scope("a")], scopesToRemove: ["a"]));
        Assert.Throws<ArgumentException>(() => new ResourceServerPatch(scopesToAddOrUpdate: [Scope("a"), Scope("a", "other")]));
        Assert.Throws<ArgumentException>(() => new ResourceServerPatch(replacementScopes: [Scope("a"), Scope("a")]));
        Assert.Throws<ArgumentException>(() => new ResourceServerPatch(scopesToAddOrUpdate: [null!]));
    }

    [Fact]
    public void Patches_compare_by_value_and_lists_are_copies()
    {
        var scopes = new List<ResourceServerScope> { Scope("a") };
        var patch = new ResourceServerPatch("n", scopes, ["b"]);
        scopes.Add(Scope("z"));

        Assert.Equal(ResourceServerPatch.Rename("n").AndAddOrUpdateScope("a", "A").AndRemoveScope("b"), patch);
        Assert.Equal(ResourceServerPatch.Rename("n").AndAddOrUpdateScope("a", "A").AndRemoveScope("b").GetHashCode(), patch.GetHashCode());
        Assert.NotEqual(ResourceServerPatch.ReplaceScopes(), ResourceServerPatch.Empty);
        Assert.Single(patch.ScopesToAddOrUpdate);
    }

    [Fact]
    public void ToString_lists_the_steps()
    {
        var patch = ResourceServerPatch.Rename("orders").AndRemoveScope("admin").AndAddOrUpdateScope("write", "Write");

        Assert.Equal("rename to 'orders'; remove scope 'admin'; add or update scope 'write' (\"Write\")", patch.ToString());
        Assert.Equal("empty patch", ResourceServerPatch.Empty.ToString());
    }
}
