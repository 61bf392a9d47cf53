using System.Net;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary><see cref="FaultPlan.FailNextAfterApplying"/>: the change is stored, the caller is told it failed.</summary>
public class FailAfterApplyingTests
{
    [Fact]
    public async Task The_call_is_applied_then_fails_and_is_counted_as_a_fault()
    {
        var (cognito, pool) = await NewCognitoAsync();
        cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.DroppedConnection);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => cognito.CreateResourceServerAsync(Create(pool, "a")));

        var stored = await cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = pool, Identifier = "a" });
        Assert.Equal("a", stored.ResourceServer!.Name);
        Assert.Equal(new CognitoOperationCallCounts(1, 0, 0, 1), cognito.Statistics[CognitoOperation.CreateResourceServer]);

        // One planned fault, one failure: the next create is answered.
        await cognito.CreateResourceServerAsync(Create(pool, "b"));
    }

    [Fact]
    public async Task Calls_refused_before_applying_leave_the_planned_fault_for_the_next_applied_call()
    {
        var (cognito, pool) = await NewCognitoAsync();
        await cognito.CreateResourceServerAsync(Create(pool, "a"));
        cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, FaultKind.InternalError);
        cognito.Faults.FailNext(CognitoOperation.CreateResourceServer, 1, FaultKind.TooManyRequests);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.CreateResourceServerAsync(Create(pool, "b")));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateResourceServerAsync(Create(pool, "a")));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => cognito.CreateResourceServerAsync(Create(pool, "b")));

        var listed = await cognito.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = pool });
        Assert.Equal(["a", "b"], listed.ResourceServers.Select(s => s.Identifier));
    }

    [Fact]
    public async Task Each_kind_fails_the_way_its_before_applying_twin_does()
    {
        var (cognito, pool) = await NewCognitoAsync();
        await cognito.CreateResourceServerAsync(Create(pool, "a"));
        var update = new UpdateResourceServerRequest { UserPoolId = pool, Identifier = "a", Name = "renamed" };

        cognito.Faults.FailNextAfterApplying(CognitoOperation.UpdateResourceServer, 1, FaultKind.TooManyRequests);
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.UpdateResourceServerAsync(update));
        cognito.Faults.FailNextAfterApplying(CognitoOperation.UpdateResourceServer, 1, FaultKind.HtmlErrorPage);
        var page = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => cognito.UpdateResourceServerAsync(update));

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.True(page.IsRetryable);
        Assert.Equal(1, cognito.Statistics.GetThrottled(CognitoOperation.UpdateResourceServer));
        Assert.Equal(2, cognito.Statistics.GetFailedByFault(CognitoOperation.UpdateResourceServer));
    }

    [Fact]
    public async Task Clear_removes_faults_planned_after_applying()
    {
        var (cognito, pool) = await NewCognitoAsync();
        cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 2, FaultKind.InternalError);

        cognito.Faults.Clear();

        await cognito.CreateResourceServerAsync(Create(pool, "a"));
        Assert.Equal(0, cognito.Statistics.TotalFailedByFault);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        var cognito = new InMemoryCognito();

        Assert.Throws<ArgumentOutOfRangeException>(() => cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, -1, FaultKind.InternalError));
        Assert.Throws<ArgumentNullException>(() => cognito.Faults.FailNextAfterApplying(null!, 1, FaultKind.InternalError));
        Assert.Throws<ArgumentOutOfRangeException>(() => cognito.Faults.FailNextAfterApplying(CognitoOperation.CreateResourceServer, 1, (FaultKind)99));
    }

    private static async Task<(InMemoryCognito Cognito, string Pool)> NewCognitoAsync()
    {
        var cognito = new InMemoryCognito();
        var pool = await cognito.CreateUserPoolAsync("after-applying");
        return (cognito, pool.Id);
    }

    private static CreateResourceServerRequest Create(string pool, string identifier) =>
        new() { UserPoolId = pool, Identifier = identifier, Name = identifier };
}
