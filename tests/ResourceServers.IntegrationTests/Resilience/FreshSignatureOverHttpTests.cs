using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>Each attempt is signed when it is sent, never replayed with the first attempt's signature.</summary>
public class FreshSignatureOverHttpTests
{
    [Fact]
    public async Task Each_attempt_carries_its_own_date_and_signature()
    {
        // X-Amz-Date has one-second resolution and retries here are milliseconds apart, so the signing clock moves
        // one second each time it is read: a transport that signed once and resent would repeat the first date.
        var signingClock = new FakeTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        await using var harness = await HttpResilienceHarness.StartAsync(signingClock: signingClock);
        harness.Cognito.Faults.FailNext(CognitoOperation.UpdateResourceServer, 2, FaultKind.InternalError);

        await harness.Client.UpdateAsync(harness.Existing with { Name = "resigned" });

        var attempts = harness.Requests.Sent;
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("AWSCognitoIdentityProviderService.UpdateResourceServer", a.Target));
        Assert.Equal(3, attempts.Select(a => a.AmzDate).Distinct().Count());
        Assert.Equal(3, attempts.Select(a => a.Authorization).Distinct().Count());
        Assert.Equal(attempts.Select(a => a.AmzDate).Order(StringComparer.Ordinal), attempts.Select(a => a.AmzDate));

        // Every one of them passed the emulator's signature check and reached the service.
        Assert.Equal(3, harness.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
    }
}
