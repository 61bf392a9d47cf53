using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>
/// A create the emulator stores but whose answer is lost (the connection dropped, or an error page sent, after the
/// change was applied): the retry is answered "already exists", and the client resolves that by reading back.
/// </summary>
public class AmbiguousCreateOverHttpTests : IAsyncLifetime
{
    private HttpResilienceHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await HttpResilienceHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(FaultKind.DroppedConnection)]
    [InlineData(FaultKind.InternalError)]
    [InlineData(FaultKind.HtmlErrorPage)]
    public async Task A_create_stored_but_unanswered_resolves_to_the_stored_resource_server(FaultKind kind)
    {
        _harness.Cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, kind);
        var wanted = new ResourceServer(_harness.UserPoolId, "https://new.example.com", "new", [new ResourceServerScope("write", "Write")]);

        var created = await _harness.Client.CreateAsync(wanted);

        Assert.Equal(wanted, created);
        Assert.Equal(2, _harness.Statistics.GetReceived(CognitoOperation.CreateResourceServer));
        Assert.Equal(1, _harness.Statistics.GetFailedByFault(CognitoOperation.CreateResourceServer));
        Assert.Equal(1, _harness.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal(wanted, await _harness.Client.GetAsync(_harness.UserPoolId, wanted.Identifier));
    }

    [Fact]
    public async Task A_lost_answer_does_not_hide_a_different_resource_server_already_there()
    {
        // The identifier is taken with other content before the call: the first attempt is refused outright, so the
        // planned fault is never taken and "already exists" is the caller's error.
        _harness.Cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.DroppedConnection);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => _harness.Client.CreateAsync(_harness.Existing with { Name = "mine" }));

        Assert.Equal(1, _harness.Statistics.GetReceived(CognitoOperation.CreateResourceServer));
        Assert.Equal(0, _harness.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal("existing", (await _harness.Client.GetAsync(_harness.UserPoolId, HttpResilienceHarness.ExistingIdentifier)).Name);
    }
}
