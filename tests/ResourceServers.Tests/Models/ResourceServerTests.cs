
namespace ResourceServers.Tests.Models;

public class ResourceServerTests
{
    private static readonly ResourceServerScope Read = new("read", "Read");
    private static readonly ResourceServerScope Write = new("write", "Write");

    [Fact]
    public void Equality_compares_scope_items_not_list_references()
    {
        var a = new ResourceServer("us-east-1_abc", "https://api", "api", [Read, Write]);
        var b = new ResourceServer("us-east-1_abc", "https://api", "api", new List<ResourceServerScope> { new("read", "Read"), new("write", "Write") });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b.WithScopes(Read));
        Assert.NotEqual(a, b.WithScopes(Read, new ResourceServerScope("write", "Write!")));
    }

    [Fact]
    public void Scopes_are_copied_so_the_callers_list_cannot_change_the_record()
    {
        var scopes = new List<ResourceServerScope> { Read };
        var server = new ResourceServer("us-east-1_abc", "https://api", "api", scopes);
        scopes.Add(Write);

        Assert.Single(server.Scopes);
        Assert.Empty(new ResourceServer("us-east-1_abc", "https://api", "api").Scopes);
    }

    [Fact]
    public void HasSameContentAs_ignores_scope_order_but_not_descriptions()
    {
        var a = new ResourceServer("us-east-1_abc", "https://api", "api", [Read, Write]);

        Assert.True(a.HasSameContentAs(a.WithScopes(Write, Read)));
        Assert.NotEqual(a, a.WithScopes(Write, Read));
        Assert.False(a.HasSameContentAs(a.WithScopes(Write, Read with { Description = "read" })));
        Assert.False(a.HasSameContentAs(a.WithScopes(Read)));
        Assert.False(a.HasSameContentAs(a with { Name = "other" }));
    }
}
