using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

/// <summary>
/// A patch as a value: what it reports it will do, when it is empty, how it prints, and equality member by member.
/// (Found by mutation testing, eng/mutation.sh: each assertion fails for some deliberate break no other test noticed.)
/// </summary>
public class ResourceServerPatchValueTests
{
    private static readonly ResourceServerPatch Full = new("orders", [Scope("a")], ["b"], [Scope("c")]);

    [Fact]
    public void Patches_differing_in_any_one_member_are_not_equal()
    {
        Assert.Equal(Full, new ResourceServerPatch("orders", [Scope("a")], ["b"], [Scope("c")]));
        Assert.Equal(Full.GetHashCode(), new ResourceServerPatch("orders", [Scope("a")], ["b"], [Scope("c")]).GetHashCode());

        Assert.NotEqual(Full, new ResourceServerPatch("other", [Scope("a")], ["b"], [Scope("c")]));
        Assert.NotEqual(Full, new ResourceServerPatch(null, [Scope("a")], ["b"], [Scope("c")]));
        Assert.NotEqual(Full, new ResourceServerPatch("orders", [Scope("a", "other")], ["b"], [Scope("c")]));
        Assert.NotEqual(Full, new ResourceServerPatch("orders", [Scope("a")], ["x"], [Scope("c")]));
        Assert.NotEqual(Full, new ResourceServerPatch("orders", [Scope("a")], ["b"], [Scope("d")]));
        Assert.NotEqual(Full, new ResourceServerPatch("orders", [Scope("a")], ["b"]));
        Assert.NotEqual(new ResourceServerPatch("orders", [Scope("a")], ["b"]), Full);
        Assert.False(Full.Equals(null));
    }

    [Fact]
    public void A_patch_naming_any_one_thing_is_not_empty()
    {
        Assert.False(ResourceServerPatch.Rename("orders").IsEmpty);
        Assert.False(ResourceServerPatch.AddOrUpdateScope("a", "A").IsEmpty);
        Assert.False(ResourceServerPatch.RemoveScope("a").IsEmpty);

        // Replacing with nothing removes every scope: a change, not an empty patch.
        Assert.False(ResourceServerPatch.ReplaceScopes().IsEmpty);
        Assert.True(new ResourceServerPatch().IsEmpty);
    }

    [Fact]
    public void The_replacement_list_is_there_only_when_set()
    {
        Assert.Null(ResourceServerPatch.Rename("orders").ReplacementScopes);
        Assert.Equal([Scope("c")], Full.ReplacementScopes);
        Assert.Equal([], ResourceServerPatch.ReplaceScopes().ReplacementScopes!);
    }

    [Fact]
    public void A_replacing_patch_prints_the_new_list_before_the_other_steps()
    {
        Assert.Equal(
            "rename to 'orders'; replace scopes with [c]; remove scope 'b'; add or update scope 'a' (\"A\")",
            Full.ToString());
        Assert.Equal("replace scopes with []", ResourceServerPatch.ReplaceScopes().ToString());
        Assert.Equal("replace scopes with [c, d]", ResourceServerPatch.ReplaceScopes(Scope("c"), Scope("d")).ToString());
    }

    [Fact]
    public void A_name_removed_twice_is_removed_once()
    {
        var patch = new ResourceServerPatch(scopesToRemove: ["b", "b"]);

        Assert.Equal(["b"], patch.ScopesToRemove);
        Assert.Equal(ResourceServerPatch.RemoveScope("b"), patch);
    }

    [Fact]
    public void A_null_name_anywhere_is_an_argument_error_naming_the_list()
    {
        Assert.Equal("scopesToRemove", Assert.Throws<ArgumentException>(() => new ResourceServerPatch(scopesToRemove: ["a", null!])).ParamName);
        Assert.Equal("scopesToAddOrUpdate", Assert.Throws<ArgumentException>(() => new ResourceServerPatch(scopesToAddOrUpdate: [new ResourceServerScope(null!, "x")])).ParamName);
        Assert.Equal("replacementScopes", Assert.Throws<ArgumentException>(() => new ResourceServerPatch(replacementScopes: [Scope("a"), null!])).ParamName);
    }

    [Fact]
    public void Setting_a_scope_twice_keeps_one_entry_in_its_first_place_with_the_later_description()
    {
        var patch = ResourceServerPatch.AddOrUpdateScope("a", "first").AndAddOrUpdateScope("b", "B").AndAddOrUpdateScope("a", "second");

        Assert.Equal([Scope("a", "second"), Scope("b", "B")], patch.ScopesToAddOrUpdate);
    }

    [Fact]
    public void Removing_a_scope_set_earlier_drops_only_that_one()
    {
        var patch = ResourceServerPatch.AddOrUpdateScope("a", "A").AndAddOrUpdateScope("b", "B").AndRemoveScope("a");

        Assert.Equal([Scope("b", "B")], patch.ScopesToAddOrUpdate);
        Assert.Equal(["a"], patch.ScopesToRemove);
    }
}
