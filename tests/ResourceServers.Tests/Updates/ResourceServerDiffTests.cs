using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

public class ResourceServerDiffTests
{
    [Fact]
    public void Between_reports_each_kind_of_change()
    {
        var before = Server("api", Scope("keep"), Scope("gone"), new ResourceServerScope("desc", "old"));
        var after = Server("orders", new ResourceServerScope("desc", "new"), Scope("keep"), Scope("added"));

        var diff = ResourceServerDiff.Between(before, after);

        Assert.Equal(new NameChange("api", "orders"), diff.NameChange);
        Assert.Equal([Scope("added")], diff.ScopesAdded);
        Assert.Equal([Scope("gone")], diff.ScopesRemoved);
        Assert.Equal([new ScopeDescriptionChange("desc", "old", "new")], diff.DescriptionsChanged);
        Assert.False(diff.IsEmpty);
        Assert.Equal(
            "rename 'api' -> 'orders'; add scope 'added' (\"ADDED\"); remove scope 'gone' (\"GONE\"); change description of scope 'desc': \"old\" -> \"new\"",
            diff.ToString());
    }

    [Fact]
    public void Scope_order_alone_is_no_difference()
    {
        var diff = ResourceServerDiff.Between(Server("api", Scope("a"), Scope("b")), Server("api", Scope("b"), Scope("a")));

        Assert.True(diff.IsEmpty);
        Assert.Equal(ResourceServerDiff.Empty, diff);
        Assert.Equal("no changes", diff.ToString());
    }

    [Fact]
    public void Scope_names_compare_ordinally()
    {
        var diff = ResourceServerDiff.Between(Server("api", Scope("read")), Server("api", Scope("Read", "READ")));

        Assert.Equal(["Read"], diff.ScopesAdded.Select(s => s.Name));
        Assert.Equal(["read"], diff.ScopesRemoved.Select(s => s.Name));
    }

    [Fact]
    public void Diffs_compare_by_value()
    {
        var a = new ResourceServerDiff(null, [Scope("x")], null, [new ScopeDescriptionChange("y", "1", "2")]);
        var b = new ResourceServerDiff(null, new List<ResourceServerScope> { Scope("x") }, [], [new ScopeDescriptionChange("y", "1", "2")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ResourceServerDiff.Empty);
    }
}
