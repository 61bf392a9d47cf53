using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

public class PatchAsyncTests
{
    private readonly ReplacingFakeCognito _cognito = new();

    [Fact]
    public async Task Adding_a_scope_keeps_the_name_and_every_other_scope()
    {
        _cognito.Put(Server("api", Scope("read"), Scope("write")));
        var client = TestClients.Over(_cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("admin", "Administer"));

        var expected = Server("api", Scope("read"), Scope("write"), new ResourceServerScope("admin", "Administer"));
        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(expected, _cognito.Peek(Pool, Id));
        Assert.Equal(expected, result.After);
        Assert.Equal(Server("api", Scope("read"), Scope("write")), result.Before);
        Assert.Equal([new ResourceServerScope("admin", "Administer")], result.Diff.ScopesAdded);
        Assert.Equal(1, _cognito.Updates);
    }

    [Fact]
    public async Task Rename_keeps_every_scope()
    {
        _cognito.Put(Server("api", Scope("read"), Scope("write")));
        var client = TestClients.Over(_cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.Rename("orders"));

        Assert.Equal(Server("orders", Scope("read"), Scope("write")), _cognito.Peek(Pool, Id));
        Assert.Equal(new NameChange("api", "orders"), result.Diff.NameChange);
        Assert.Empty(result.Diff.ScopesAdded);
        Assert.Empty(result.Diff.ScopesRemoved);
    }

    [Fact]
    public async Task Removing_the_last_scope_sends_an_explicit_empty_list()
    {
        _cognito.Put(Server("api", Scope("read")));
        UpdateResourceServerRequest? sent = null;
        var spy = new Moq.Mock<ICognitoResourceServerApi>();
        spy.Setup(a => a.SendAsync(CognitoOperation.DescribeResourceServer, Moq.It.IsAny<DescribeResourceServerRequest>(), Moq.It.IsAny<CancellationToken>()))
            .Returns((CognitoOperation<DescribeResourceServerRequest, DescribeResourceServerResponse> _, DescribeResourceServerRequest r, CancellationToken ct) => _cognito.DescribeResourceServerAsync(r, ct));
        spy.Setup(a => a.SendAsync(CognitoOperation.UpdateResourceServer, Moq.It.IsAny<UpdateResourceServerRequest>(), Moq.It.IsAny<CancellationToken>()))
            .Callback((CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse> _, UpdateResourceServerRequest r, CancellationToken _) => sent = r)
            .Returns((CognitoOperation<UpdateResourceServerRequest, UpdateResourceServerResponse> _, UpdateResourceServerRequest r, CancellationToken ct) => _cognito.UpdateResourceServerAsync(r, ct));

        // A removal first reads which app clients grant the scope: none here.
        spy.Setup(a => a.SendAsync(CognitoOperation.ListUserPoolClients, Moq.It.IsAny<ListUserPoolClientsRequest>(), Moq.It.IsAny<CancellationToken>()))
            .Returns(Task.FromResult(new ListUserPoolClientsResponse { UserPoolClients = [] }));
        var client = TestClients.Over(spy.Object);

        await client.PatchAsync(Pool, Id, ResourceServerPatch.RemoveScope("read"));

        Assert.NotNull(sent);
        Assert.NotNull(sent.Scopes);
        Assert.Empty(sent.Scopes);
        Assert.Equal("api", sent.Name);
        Assert.Empty(_cognito.Peek(Pool, Id)!.Scopes);
    }

    [Fact]
    public async Task Removing_a_missing_scope_or_re_adding_an_identical_one_writes_nothing()
    {
        _cognito.Put(Server("api", Scope("read")));
        var client = TestClients.Over(_cognito);

        var removeMissing = await client.PatchAsync(Pool, Id, ResourceServerPatch.RemoveScope("nope"));
        var addSame = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("read", "READ"));
        var renameSame = await client.PatchAsync(Pool, Id, ResourceServerPatch.Rename("api"));

        Assert.All([removeMissing, addSame, renameSame], r =>
        {
            Assert.Equal(ResourceServerChangeKind.Unchanged, r.Kind);
            Assert.False(r.HasChanges);
            Assert.True(r.Diff.IsEmpty);
            Assert.Equal(r.Before, r.After);
        });
        Assert.Equal(0, _cognito.Writes);
        Assert.Equal(3, _cognito.Describes);
    }

    [Fact]
    public async Task Changing_a_description_updates_it_in_place()
    {
        _cognito.Put(Server("api", Scope("read"), Scope("write")));
        var client = TestClients.Over(_cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("read", "Read everything"));

        Assert.Equal(Server("api", new ResourceServerScope("read", "Read everything"), Scope("write")), _cognito.Peek(Pool, Id));
        Assert.Equal([new ScopeDescriptionChange("read", "READ", "Read everything")], result.Diff.DescriptionsChanged);
    }

    [Fact]
    public async Task Patching_a_missing_resource_server_raises_not_found_and_writes_nothing()
    {
        var client = TestClients.Over(_cognito);

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("read", "Read")));

        Assert.Equal(0, _cognito.Writes);
        Assert.DoesNotContain(CognitoOperation.UpdateResourceServer, _cognito.Calls);
        Assert.Null(_cognito.Peek(Pool, Id));
    }

    [Fact]
    public async Task A_result_over_100_scopes_is_rejected_before_the_write()
    {
        _cognito.Put(Server("api", [.. Enumerable.Range(0, 100).Select(i => Scope($"s{i}"))]));
        var client = TestClients.Over(_cognito);

        var error = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("one-too-many", "x")));

        Assert.Equal("Scopes", error.Member);
        Assert.Contains("at most 100", error.Rule, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.Writes);
    }

    [Fact]
    public async Task Replacing_a_scope_at_the_limit_is_allowed()
    {
        _cognito.Put(Server("api", [.. Enumerable.Range(0, 100).Select(i => Scope($"s{i}"))]));
        var client = TestClients.Over(_cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.RemoveScope("s0").AndAddOrUpdateScope("t0", "T"));

        Assert.Equal(100, result.After!.Scopes.Count);
        Assert.Equal("t0", result.After.Scopes[^1].Name);
    }

    [Fact]
    public async Task A_malformed_patch_is_rejected_before_any_call()
    {
        _cognito.Put(Server("api", Scope("read")));
        var client = TestClients.Over(_cognito);

        var badRemove = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.RemoveScope("https://api.example.com/read")));
        var badName = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.Rename("bad/name")));
        var badDescription = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("ok", new string('d', 257))));
        var badScopeName = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("bad name", "d")));

        Assert.Equal("patch.ScopesToRemove[0]", badRemove.Member);
        Assert.Equal("patch.NewName", badName.Member);
        Assert.Equal("patch.ScopesToAddOrUpdate[0].ScopeDescription", badDescription.Member);
        Assert.Equal("patch.ScopesToAddOrUpdate[0].ScopeName", badScopeName.Member);
        Assert.Empty(_cognito.Calls);
    }

    [Fact]
    public async Task A_malformed_replacement_list_or_pool_id_is_named_before_any_call()
    {
        _cognito.Put(Server("api", Scope("read")));
        var client = TestClients.Over(_cognito);

        var badReplacement = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.ReplaceScopes([Scope("ok"), Scope("bad/name")])));
        var badPool = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.EnsureAllAsync("no-underscore", [Server("api", Scope("read"))]));
        var badPoolPlan = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PlanAllAsync("no-underscore", [Server("api", Scope("read"))]));

        Assert.Equal("patch.ReplacementScopes[1].ScopeName", badReplacement.Member);
        Assert.Equal(("UserPoolId", "UserPoolId"), (badPool.Member, badPoolPlan.Member));
        Assert.Empty(_cognito.Calls);
    }

    [Fact]
    public async Task A_throttled_write_retries_the_whole_unit_and_keeps_a_change_made_in_between()
    {
        _cognito.Put(Server("api", Scope("read")));
        var interfered = false;
        _cognito.BeforeWrite = (op, _) =>
        {
            // Another process adds a scope after our first read; our first write is then throttled.
            if (!interfered)
            {
                interfered = true;
                _cognito.Put(Server("api", Scope("read"), Scope("theirs")));
            }

            return Task.CompletedTask;
        };
        _cognito.FailNext(1, CognitoOperation.UpdateResourceServer);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("mine", "Mine"));

        // A replay of the first write (read, mine) would have dropped "theirs"; the re-read keeps it.
        Assert.Equal(Server("api", Scope("read"), Scope("theirs"), new ResourceServerScope("mine", "Mine")), _cognito.Peek(Pool, Id));
        Assert.Equal(
            [CognitoOperation.DescribeResourceServer, CognitoOperation.UpdateResourceServer, CognitoOperation.DescribeResourceServer, CognitoOperation.UpdateResourceServer],
            _cognito.Calls);
        Assert.Equal(result.After, _cognito.Peek(Pool, Id));
    }

    [Fact]
    public async Task A_write_that_took_effect_but_lost_its_answer_is_not_repeated()
    {
        _cognito.Put(Server("api", Scope("read")));
        _cognito.FailNext(1, CognitoOperation.UpdateResourceServer, error: () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, "boom"), afterEffect: true);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("write", "WRITE"));

        // The re-read finds the patch already applied, so the retry writes nothing, and reports the write it finds:
        // from the state first read to the state now.
        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(Server("api", Scope("read")), result.Before);
        Assert.Equal(Server("api", Scope("read"), Scope("write")), result.After);
        Assert.Equal(["write"], result.Diff.ScopesAdded.Select(s => s.Name));
        Assert.Equal(1, _cognito.Updates);
        Assert.Equal(Server("api", Scope("read"), Scope("write")), _cognito.Peek(Pool, Id));
    }

    [Fact]
    public async Task A_throttled_read_is_retried()
    {
        _cognito.Put(Server("api", Scope("read")));
        _cognito.FailNext(2, CognitoOperation.DescribeResourceServer);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("write", "WRITE"));

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(3, _cognito.Calls.Count(c => c == CognitoOperation.DescribeResourceServer));
        Assert.Equal(1, _cognito.Updates);
    }

    [Fact]
    public async Task Without_a_retrying_pipeline_a_throttle_surfaces_and_nothing_is_written()
    {
        _cognito.Put(Server("api", Scope("read")));
        _cognito.FailNext(1, CognitoOperation.UpdateResourceServer);
        var client = TestClients.Over(_cognito);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("write", "WRITE")));

        Assert.Equal(0, _cognito.Writes);
    }

    [Fact]
    public async Task Replace_scopes_drops_unnamed_scopes_but_keeps_the_name()
    {
        _cognito.Put(Server("api", Scope("read"), Scope("write"), Scope("admin")));
        var client = TestClients.Over(_cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.ReplaceScopes(Scope("new"), Scope("write")));

        Assert.Equal(Server("api", Scope("write"), Scope("new")), _cognito.Peek(Pool, Id));
        Assert.Equal(["read", "admin"], result.Diff.ScopesRemoved.Select(s => s.Name));
        Assert.Equal(["new"], result.Diff.ScopesAdded.Select(s => s.Name));
    }
}
