using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

public class InMemoryCognitoResourceServerTests
{
    [Fact]
    public async Task Create_stores_the_server_and_describe_returns_it()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        var created = await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read, Write]));
        var described = await cognito.DescribeResourceServerAsync(DescribeRequest(pool));

        foreach (var server in new[] { created.ResourceServer, described.ResourceServer })
        {
            Assert.Equal(pool, server.UserPoolId);
            Assert.Equal(Identifier, server.Identifier);
            Assert.Equal("my-api", server.Name);
            Assert.Equal([Read, Write], server.Scopes!);
        }
    }

    [Fact]
    public async Task Create_without_scopes_stores_an_empty_scope_list()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        await cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool, Identifier = Identifier, Name = "api" });

        var server = (await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer;
        Assert.NotNull(server.Scopes);
        Assert.Empty(server.Scopes);
    }

    [Fact]
    public async Task Create_of_an_existing_identifier_is_InvalidParameter_and_keeps_the_first()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, name: "first", scopes: [Read]));

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateResourceServerAsync(CreateRequest(pool, name: "second")));

        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsRetryable);
        var kept = (await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer;
        Assert.Equal("first", kept.Name);
        Assert.Equal([Read], kept.Scopes!);
    }

    [Fact]
    public async Task Identifiers_are_case_sensitive()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        await cognito.CreateResourceServerAsync(CreateRequest(pool, "https://API"));
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "https://api"));

        Assert.Equal(2, (await cognito.ListResourceServersAsync(new() { UserPoolId = pool })).ResourceServers.Count);
    }

    [Fact]
    public async Task Every_operation_on_a_missing_pool_is_ResourceNotFound()
    {
        var (cognito, _) = Create();
        const string missing = "us-east-1_NoSuchPool";

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.CreateResourceServerAsync(CreateRequest(missing)));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(missing)));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.ListResourceServersAsync(new() { UserPoolId = missing }));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.UpdateResourceServerAsync(new() { UserPoolId = missing, Identifier = Identifier, Name = "n" }));
        var e = await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DeleteResourceServerAsync(new() { UserPoolId = missing, Identifier = Identifier }));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_update_and_delete_of_a_missing_server_are_ResourceNotFound()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier, Name = "n" }));
        var e = await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DeleteResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier }));
        Assert.Contains(Identifier, e.Message, StringComparison.Ordinal);
        Assert.Empty((await cognito.ListResourceServersAsync(new() { UserPoolId = pool })).ResourceServers);
    }

    [Fact]
    public async Task Update_replaces_name_and_scopes()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read, Write]));
        var admin = new ResourceServerScopeType { ScopeName = "admin", ScopeDescription = "Admin" };

        var updated = await cognito.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier, Name = "renamed", Scopes = [admin] });

        Assert.Equal("renamed", updated.ResourceServer.Name);
        Assert.Equal([admin], updated.ResourceServer.Scopes!);
        var stored = (await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer;
        Assert.Equal(updated.ResourceServer with { Scopes = null }, stored with { Scopes = null });
        Assert.Equal([admin], stored.Scopes!);
    }

    [Fact]
    public async Task Update_without_scopes_wipes_every_scope()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read, Write]));

        // The hazard the library exists to remove: an update that leaves Scopes out deletes them all.
        await cognito.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier, Name = "my-api" });

        Assert.Empty((await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer.Scopes!);
    }

    [Fact]
    public async Task Delete_removes_only_that_server()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "a"));
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "b"));

        await cognito.DeleteResourceServerAsync(new() { UserPoolId = pool, Identifier = "a" });

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool, "a")));
        Assert.Equal("b", (await cognito.DescribeResourceServerAsync(DescribeRequest(pool, "b"))).ResourceServer.Identifier);
        // The identifier is free again.
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "a"));
    }

    [Fact]
    public async Task Servers_are_kept_per_pool()
    {
        var (cognito, _) = Create();
        var poolA = await cognito.NewPoolAsync("a");
        var poolB = await cognito.NewPoolAsync("b");

        await cognito.CreateResourceServerAsync(CreateRequest(poolA, name: "in-a"));
        await cognito.CreateResourceServerAsync(CreateRequest(poolB, name: "in-b"));

        Assert.Equal("in-a", (await cognito.DescribeResourceServerAsync(DescribeRequest(poolA))).ResourceServer.Name);
        Assert.Equal("in-b", (await cognito.DescribeResourceServerAsync(DescribeRequest(poolB))).ResourceServer.Name);
    }

    [Fact]
    public async Task The_limit_of_servers_per_pool_is_LimitExceeded_and_not_retryable()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        for (var i = 0; i < 25; i++)
        {
            await cognito.CreateResourceServerAsync(CreateRequest(pool, $"api-{i}"));
        }

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () => cognito.CreateResourceServerAsync(CreateRequest(pool, "api-25")));

        Assert.False(e.IsRetryable);
        Assert.Contains("25", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool, "api-25")));
        // Deleting one makes room again.
        await cognito.DeleteResourceServerAsync(new() { UserPoolId = pool, Identifier = "api-0" });
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "api-25"));
    }

    [Fact]
    public async Task The_limit_of_servers_per_pool_is_configurable()
    {
        var (cognito, _) = Create(o => o.MaxResourceServersPerPool = 2);
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "a"));
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "b"));

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () => cognito.CreateResourceServerAsync(CreateRequest(pool, "c")));
        // Another pool has its own count.
        await cognito.CreateResourceServerAsync(CreateRequest(await cognito.NewPoolAsync(), "c"));
    }

    [Fact]
    public async Task A_hundred_scopes_pass_and_a_hundred_and_one_are_InvalidParameter()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        var created = await cognito.CreateResourceServerAsync(CreateRequest(pool, "a", scopes: Scopes(100)));
        Assert.Equal(100, created.ResourceServer.Scopes!.Count);

        var onCreate = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateResourceServerAsync(CreateRequest(pool, "b", scopes: Scopes(101))));
        var onUpdate = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () =>
            cognito.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = "a", Name = "a", Scopes = Scopes(101) }));

        Assert.Contains("'Scopes'", onCreate.Message, StringComparison.Ordinal);
        Assert.Contains("100", onUpdate.Message, StringComparison.Ordinal);
        Assert.Equal(100, (await cognito.DescribeResourceServerAsync(DescribeRequest(pool, "a"))).ResourceServer.Scopes!.Count);
    }

    [Fact]
    public async Task Duplicate_scope_names_are_InvalidParameter_naming_the_scope()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () =>
            cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read, Write, Read with { ScopeDescription = "again" }])));

        Assert.Contains("Scopes[2].ScopeName", e.Message, StringComparison.Ordinal);
        Assert.Contains("unique", e.Message, StringComparison.Ordinal);
    }

    private static readonly NamedRows<(CreateResourceServerRequest Request, string Member)> InvalidCreateRows = new()
    {
        { "pool id without '_'", (CreateRequest("us-east-1_abc", name: "api") with { UserPoolId = "no-underscore" }, "UserPoolId") },
        { "pool id of 60", (CreateRequest("us-east-1_abc") with { UserPoolId = "us-east-1_" + new string('a', 50) }, "UserPoolId") },
        { "null pool id", (CreateRequest("us-east-1_abc") with { UserPoolId = null! }, "UserPoolId") },
        { "identifier with a space", (CreateRequest("us-east-1_abc", identifier: "has space"), "Identifier") },
        { "identifier with a quote", (CreateRequest("us-east-1_abc", identifier: "quote\"d"), "Identifier") },
        { "identifier of 257", (CreateRequest("us-east-1_abc", identifier: new string('a', 257)), "Identifier") },
        { "empty identifier", (CreateRequest("us-east-1_abc", identifier: string.Empty), "Identifier") },
        { "name with '/'", (CreateRequest("us-east-1_abc", name: "bad/name"), "Name") },
        { "name with 'é'", (CreateRequest("us-east-1_abc", name: "caf\u00e9"), "Name") },
        { "name of 257", (CreateRequest("us-east-1_abc", name: new string('n', 257)), "Name") },
        { "scope name with '/'", (CreateRequest("us-east-1_abc", scopes: [Read with { ScopeName = "a/b" }]), "Scopes[0].ScopeName") },
        { "empty scope description", (CreateRequest("us-east-1_abc", scopes: [Read, Write with { ScopeDescription = string.Empty }]), "Scopes[1].ScopeDescription") },
        { "null scope", (CreateRequest("us-east-1_abc", scopes: [Read, null!]), "Scopes[1]") },
    };

    public static TheoryData<string> InvalidCreates => InvalidCreateRows.Names;

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Create_breaking_a_model_constraint_is_InvalidParameter_naming_the_member(string invalid)
    {
        var (request, member) = InvalidCreateRows[invalid];
        var (cognito, _) = Create();

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateResourceServerAsync(request));

        Assert.Contains($"'{member}'", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("1 validation error detected", e.ServiceMessage, StringComparison.Ordinal);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task Update_describe_delete_and_list_validate_their_members()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read]));

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier, Name = "\u00e9" }));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier, Name = "n", Scopes = [Read, Read] }));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.DescribeResourceServerAsync(DescribeRequest(pool, "a\\b")));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.DeleteResourceServerAsync(new() { UserPoolId = pool, Identifier = string.Empty }));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListResourceServersAsync(new() { UserPoolId = "bad id" }));

        // None of the rejected calls changed the server.
        var server = (await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer;
        Assert.Equal("my-api", server.Name);
        Assert.Equal([Read], server.Scopes!);
    }

    [Fact]
    public void A_null_request_is_an_argument_error_thrown_at_the_call()
    {
        var (cognito, _) = Create();

        Assert.Throws<ArgumentNullException>(() => { _ = cognito.CreateResourceServerAsync(null!); });
        Assert.Throws<ArgumentNullException>(() => { _ = cognito.UpdateResourceServerAsync(null!); });
        Assert.Equal(0, cognito.Statistics.TotalReceived);
    }

    [Fact]
    public async Task The_request_list_is_copied_so_changing_it_later_does_not_change_the_store()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        var scopes = new List<ResourceServerScopeType> { Read };

        await cognito.CreateResourceServerAsync(new() { UserPoolId = pool, Identifier = Identifier, Name = "api", Scopes = scopes });
        scopes.Add(Write);
        scopes[0] = Write;

        Assert.Equal([Read], (await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer.Scopes!);
    }

    [Fact]
    public async Task Returned_scope_lists_are_copies_so_changing_them_does_not_change_the_store()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        var created = await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read]));
        var described = await cognito.DescribeResourceServerAsync(DescribeRequest(pool));
        var listed = await cognito.ListResourceServersAsync(new() { UserPoolId = pool });

        foreach (var scopes in new[] { created.ResourceServer.Scopes!, described.ResourceServer.Scopes!, listed.ResourceServers[0].Scopes! })
        {
            // Arrays are writable through IList<T>; what matters is that the write does not reach the store.
            if (scopes is IList<ResourceServerScopeType> { IsReadOnly: false } writable)
            {
                writable[0] = Write;
            }
        }

        Assert.NotSame(created.ResourceServer.Scopes, described.ResourceServer.Scopes);
        Assert.Equal([Read], (await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer.Scopes!);
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled_and_changes_nothing()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cognito.CreateResourceServerAsync(CreateRequest(pool), new CancellationToken(canceled: true)));

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
    }

    [Fact]
    public async Task Works_under_the_facade_end_to_end()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        var client = TestClients.Over(cognito);
        var model = new ResourceServers.ResourceServer(pool, Identifier, "api", [new("read", "Read")]);

        await client.CreateAsync(model);
        var read = await client.GetAsync(pool, Identifier);

        Assert.Equal(model, read);
        await client.DeleteAsync(pool, Identifier);
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => client.GetAsync(pool, Identifier));
    }
}
