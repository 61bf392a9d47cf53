using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Models;

/// <summary>
/// What users see of the models without calling the service: the text logs and test failures show, which resource
/// server a change names, and value equality member by member. (Found by mutation testing, eng/mutation.sh: each
/// assertion here fails for some deliberate break of the models that no other test noticed.)
/// </summary>
public class ModelTextAndEqualityTests
{
    private static readonly ResourceServer Api = Server("api", Scope("read", "Read"), Scope("write", "Write"));

    [Fact]
    public void Resource_servers_differing_in_any_one_member_are_not_equal()
    {
        Assert.Equal(Api, Api with { });
        Assert.NotEqual(Api, Api with { UserPoolId = "us-east-1_Other" });
        Assert.NotEqual(Api, Api with { Identifier = "https://other.example.com" });
        Assert.NotEqual(Api, Api with { Name = "other" });
        Assert.NotEqual(Api, Api.WithScopes(Api.Scopes.Reverse()));
        Assert.False(Api.Equals(null));
    }

    [Fact]
    public void Same_content_needs_the_same_pool_and_identifier()
    {
        Assert.True(Api.HasSameContentAs(Api with { }));
        Assert.False(Api.HasSameContentAs(Api with { UserPoolId = "us-east-1_Other" }));
        Assert.False(Api.HasSameContentAs(Api with { Identifier = "https://other.example.com" }));
        Assert.False(Api.HasSameContentAs(Api.WithScopes(Scope("read", "Read"), Scope("admin", "Write"))));
    }

    [Fact]
    public void A_change_names_its_resource_server_from_whichever_state_it_has()
    {
        var created = ResourceServerChange.Created(Api);
        var deleted = ResourceServerChange.Deleted(Api);
        var nothing = new ResourceServerChange(ResourceServerChangeKind.Unchanged, null, null, ResourceServerDiff.Empty);

        Assert.Equal((Pool, Id), (created.UserPoolId, created.Identifier));
        Assert.Equal((Pool, Id), (deleted.UserPoolId, deleted.Identifier));
        Assert.Equal((string.Empty, string.Empty), (nothing.UserPoolId, nothing.Identifier));
    }

    [Fact]
    public void Only_unchanged_has_no_changes()
    {
        Assert.False(ResourceServerChange.Unchanged(Api).HasChanges);
        Assert.True(ResourceServerChange.Created(Api).HasChanges);
        Assert.True(ResourceServerChange.Updated(Api, Api with { Name = "orders" }).HasChanges);
        Assert.True(ResourceServerChange.Deleted(Api).HasChanges);
    }

    [Fact]
    public void Every_kind_of_change_reads_as_a_sentence_in_the_past_or_as_a_plan()
    {
        var subject = "resource server 'https://api.example.com' in pool 'us-east-1_Test1'";
        var renamed = Api with { Name = "orders" };

        Assert.Equal($"Created {subject} named 'api' with scopes 'read', 'write'", ResourceServerChange.Created(Api).ToString());
        Assert.Equal($"Created {subject} named 'api' with no scopes", ResourceServerChange.Created(Server("api")).ToString());
        Assert.Equal($"Updated {subject}: rename 'api' -> 'orders'", ResourceServerChange.Updated(Api, renamed).ToString());
        Assert.Equal($"Deleted {subject}", ResourceServerChange.Deleted(Api).ToString());
        Assert.Equal($"Unchanged {subject}", ResourceServerChange.Unchanged(Api).ToString());

        Assert.Equal($"Create {subject} named 'api' with scopes 'read', 'write'", ResourceServerChange.Plan(null, Api).ToString());
        Assert.Equal($"Update {subject}: rename 'api' -> 'orders'", ResourceServerChange.Plan(Api, renamed).ToString());
        Assert.Equal($"No change to {subject}", ResourceServerChange.Plan(Api, Api).ToString());
        Assert.Equal($"Delete {subject}", (ResourceServerChange.Deleted(Api) with { IsPlan = true }).ToString());
    }

    [Fact]
    public void A_created_change_built_without_its_state_still_prints()
    {
        // Users build changes by hand for their own tests; a missing state must not throw or invent scopes.
        var bare = new ResourceServerChange(ResourceServerChangeKind.Created, null, null, ResourceServerDiff.Empty);

        Assert.Equal("Created resource server '' in pool '' named '' ", bare.ToString());
    }

    [Fact]
    public void A_plan_says_what_would_happen_without_having_done_it()
    {
        var create = ResourceServerChange.Plan(null, Api);
        var update = ResourceServerChange.Plan(Api, Api with { Name = "orders" });
        var none = ResourceServerChange.Plan(Api, Api.WithScopes(Api.Scopes.Reverse()));

        Assert.Equal((ResourceServerChangeKind.Created, true, null, Api), (create.Kind, create.IsPlan, create.Before, create.After));
        Assert.Equal((ResourceServerChangeKind.Updated, true), (update.Kind, update.IsPlan));
        Assert.Equal(new NameChange("api", "orders"), update.Diff.NameChange);
        Assert.Equal((ResourceServerChangeKind.Unchanged, true), (none.Kind, none.IsPlan));
        Assert.True(none.Diff.IsEmpty);
    }

    [Fact]
    public void Diffs_differing_in_any_one_list_are_not_equal()
    {
        var full = new ResourceServerDiff(new NameChange("a", "b"), [Scope("x")], [Scope("y")], [new ScopeDescriptionChange("z", "1", "2")]);

        Assert.Equal(full, new ResourceServerDiff(new NameChange("a", "b"), [Scope("x")], [Scope("y")], [new ScopeDescriptionChange("z", "1", "2")]));
        Assert.NotEqual(full, new ResourceServerDiff(null, [Scope("x")], [Scope("y")], [new ScopeDescriptionChange("z", "1", "2")]));
        Assert.NotEqual(full, new ResourceServerDiff(new NameChange("a", "b"), null, [Scope("y")], [new ScopeDescriptionChange("z", "1", "2")]));
        Assert.NotEqual(full, new ResourceServerDiff(new NameChange("a", "b"), [Scope("x")], null, [new ScopeDescriptionChange("z", "1", "2")]));
        Assert.NotEqual(full, new ResourceServerDiff(new NameChange("a", "b"), [Scope("x")], [Scope("y")]));
        Assert.False(full.Equals(null));
    }

    [Fact]
    public void A_diff_of_only_one_kind_is_not_empty_and_prints_just_that()
    {
        Assert.Equal("rename 'a' -> 'b'", new ResourceServerDiff(new NameChange("a", "b")).ToString());
        Assert.Equal("add scope 'x' (\"X\")", new ResourceServerDiff(scopesAdded: [Scope("x")]).ToString());
        Assert.Equal("remove scope 'y' (\"Y\")", new ResourceServerDiff(scopesRemoved: [Scope("y")]).ToString());
        Assert.Equal("change description of scope 'z': \"1\" -> \"2\"", new ResourceServerDiff(descriptionsChanged: [new ScopeDescriptionChange("z", "1", "2")]).ToString());
        Assert.False(new ResourceServerDiff(scopesAdded: [Scope("x")]).IsEmpty);
        Assert.False(new ResourceServerDiff(scopesRemoved: [Scope("y")]).IsEmpty);
        Assert.False(new ResourceServerDiff(descriptionsChanged: [new ScopeDescriptionChange("z", "1", "2")]).IsEmpty);
        Assert.False(new ResourceServerDiff(new NameChange("a", "b")).IsEmpty);
    }

    [Fact]
    public void An_answer_without_name_identifier_or_scopes_maps_to_empty_values_not_nulls()
    {
        var listed = WireMapping.ToModel(new ResourceServers.Wire.ResourceServerType(), Pool);

        Assert.Equal((Pool, string.Empty, string.Empty), (listed.UserPoolId, listed.Identifier, listed.Name));
        Assert.Empty(listed.Scopes);
    }

    [Fact]
    public void A_diff_reports_a_scope_listed_twice_after_once()
    {
        // The service rejects duplicate names, but a diff of unvalidated desired state must still be well-formed.
        var diff = ResourceServerDiff.Between(Server("api"), Server("api", Scope("x"), Scope("x", "again")));

        Assert.Equal([Scope("x")], diff.ScopesAdded);
    }

    [Fact]
    public void A_diff_keeps_the_first_description_of_a_scope_listed_twice_before()
    {
        var diff = ResourceServerDiff.Between(Server("api", Scope("x", "first"), Scope("x", "second")), Server("api", Scope("x", "second")));

        Assert.Equal([new ScopeDescriptionChange("x", "first", "second")], diff.DescriptionsChanged);
    }
}
