using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>
/// The client of <see cref="ResourceServerClient.Create"/> straight over the in-memory Cognito (no HTTP), on real
/// time: the same faults recover the same way as over the emulator.
/// </summary>
public class InMemoryResilienceTests
{
    private const string Identifier = "https://api.example.com";

    public static TheoryData<FaultKind> Kinds() => new(Enum.GetValues<FaultKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Two_failures_recover_on_the_third_of_three_requests(FaultKind kind)
    {
        var (cognito, client, existing) = await StartAsync();
        cognito.Faults.FailNext(CognitoOperation.UpdateResourceServer, 2, kind);

        var updated = await client.UpdateAsync(existing with { Name = "renamed" });

        Assert.Equal("renamed", updated.Name);
        Assert.Equal(new CognitoOperationCallCounts(3, 1, kind is FaultKind.TooManyRequests or FaultKind.FrontEndThrottling ? 2 : 0, 2), cognito.Statistics[CognitoOperation.UpdateResourceServer]);
    }

    [Theory]
    [InlineData(FaultKind.InternalError)]
    [InlineData(FaultKind.HtmlErrorPage)]
    [InlineData(FaultKind.DroppedConnection)]
    public async Task A_create_applied_but_unanswered_resolves_to_the_stored_resource_server(FaultKind kind)
    {
        var (cognito, client, existing) = await StartAsync();
        cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, kind);
        var wanted = existing with { Identifier = "https://new.example.com", Name = "new" };

        var created = await client.CreateAsync(wanted);

        Assert.Equal(wanted, created);
        Assert.Equal(2, cognito.Statistics.GetReceived(CognitoOperation.CreateResourceServer));
        Assert.Equal(1, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_throttle_is_trusted_to_mean_not_applied_so_the_retry_answer_already_exists_stands()
    {
        // The service throttles before it applies anything; a test kit that throttles after applying breaks that
        // promise, and the client, rightly, does not second-guess it.
        var (cognito, client, existing) = await StartAsync();
        cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.TooManyRequests);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => client.CreateAsync(existing with { Identifier = "https://new.example.com" }));

        Assert.Equal(2, cognito.Statistics.GetReceived(CognitoOperation.CreateResourceServer));
        Assert.Equal(0, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_delayed_call_hits_the_attempt_timeout_and_the_retry_succeeds()
    {
        var options = HttpResilienceHarness.FastOptions();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        var (cognito, client, existing) = await StartAsync(options);
        cognito.Faults.DelayNext(CognitoOperation.DescribeResourceServer, 1, TimeSpan.FromSeconds(30));

        var found = await client.GetAsync(existing.UserPoolId, existing.Identifier);

        Assert.Equal(existing, found);
        Assert.Equal(new CognitoOperationCallCounts(2, 1, 0, 0), cognito.Statistics[CognitoOperation.DescribeResourceServer]);
    }

    private static async Task<(InMemoryCognito Cognito, ResourceServerClient Client, ResourceServer Existing)> StartAsync(
        ResourceServerResilienceOptions? options = null)
    {
        var cognito = new InMemoryCognito();
        var pool = await cognito.CreateUserPoolAsync("in-memory");
        var client = TestClients.Create(cognito, options ?? HttpResilienceHarness.FastOptions());
        var existing = await client.CreateAsync(new ResourceServer(pool.Id, Identifier, "existing", [new ResourceServerScope("read", "Read")]));
        cognito.Statistics.Reset();
        return (cognito, client, existing);
    }
}
