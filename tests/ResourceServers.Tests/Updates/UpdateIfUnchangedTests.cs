using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

public class UpdateIfUnchangedTests : IAsyncLifetime
{
    private CognitoPool _cognito = null!;

    public async Task InitializeAsync() => _cognito = await CognitoPool.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Writes_the_desired_state_when_the_current_state_is_as_expected()
    {
        var expected = Server("api", Scope("read"));
        await _cognito.PutAsync(expected);
        var client = TestClients.Over(_cognito.Cognito);

        var stored = (await client.UpdateIfUnchangedAsync(expected, Server("api2", Scope("write")))).After;

        Assert.Equal(Server("api2", Scope("write")), stored);
        Assert.Equal(1, _cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
        Assert.Equal(1, _cognito.WritesReceived);
        Assert.Equal(stored, await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Scope_order_does_not_count_as_a_change()
    {
        await _cognito.PutAsync(Server("api", Scope("write"), Scope("read")));
        var client = TestClients.Over(_cognito.Cognito);

        await client.UpdateIfUnchangedAsync(Server("api", Scope("read"), Scope("write")), Server("api", Scope("read")));

        Assert.Equal(Server("api", Scope("read")), await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Fails_with_a_distinct_error_and_writes_nothing_when_someone_else_changed_it()
    {
        var expected = Server("api", Scope("read"));
        await _cognito.PutAsync(Server("api", Scope("read"), Scope("theirs")));
        var client = TestClients.Over(_cognito.Cognito);

        var error = await Assert.ThrowsAsync<ResourceServerChangedException>(() => client.UpdateIfUnchangedAsync(expected, Server("api", Scope("read"), Scope("mine"))));

        Assert.IsNotAssignableFrom<CognitoServiceException>(error);
        Assert.Equal(expected, error.Expected);
        Assert.Equal(Server("api", Scope("read"), Scope("theirs")), error.Actual);
        Assert.Equal(["theirs"], error.Difference.ScopesAdded.Select(s => s.Name));
        Assert.Contains("add scope 'theirs'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.WritesReceived);
        Assert.Equal(Server("api", Scope("read"), Scope("theirs")), await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Does_not_write_when_the_service_already_holds_the_desired_state()
    {
        var desired = Server("api", Scope("read"));
        await _cognito.PutAsync(desired);
        var client = TestClients.Over(_cognito.Cognito);

        var stored = (await client.UpdateIfUnchangedAsync(Server("old"), desired)).After;

        Assert.Equal(desired, stored);
        Assert.Equal(0, _cognito.WritesReceived);
    }

    [Fact]
    public async Task A_retry_after_a_lost_answer_recognises_its_own_write()
    {
        var expected = Server("api", Scope("read"));
        await _cognito.PutAsync(expected);
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.UpdateResourceServer, 1, FaultKind.InternalError);
        var client = TestClients.Over(_cognito.Cognito, RetryWithoutDelay());

        var stored = (await client.UpdateIfUnchangedAsync(expected, Server("api", Scope("write")))).After;

        Assert.Equal(Server("api", Scope("write")), stored);
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(Server("api", Scope("write")), await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Expected_and_desired_must_name_the_same_resource_server()
    {
        var client = TestClients.Over(_cognito.Cognito);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateIfUnchangedAsync(Server(), Server() with { Identifier = "other" }));

        Assert.Equal("expected", error.ParamName);
        Assert.Equal(0, _cognito.Statistics.TotalReceived);
    }

    [Fact]
    public async Task A_missing_resource_server_raises_not_found()
    {
        var client = TestClients.Over(_cognito.Cognito);

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => client.UpdateIfUnchangedAsync(Server(), Server("x")));

        Assert.Equal(0, _cognito.WritesReceived);
    }

    private ResourceServer Server(string name = "api", params ResourceServerScope[] scopes) => _cognito.Server(name, scopes);
}
