using Moq;

namespace ResourceServers.Sample.Tests;

/// <summary>
/// Every outcome a call can have can be built in a test, as README's "Testing your code" shows: the setups here are
/// README's, and each answer is what the real client would give (a consistent diff, the type callers branch on).
/// </summary>
public class MockedOutcomeTests
{
    private const string Pool = "us-east-1_Sample1234";
    private const string Id = "https://orders.example.com";
    private static readonly ResourceServer Before = new(Pool, Id, "Orders API", [new("orders.read", "Read orders")]);
    private static readonly ResourceServer After = Before.WithScopes([.. Before.Scopes, new("orders.write", "Write orders")]);

    [Fact]
    public async Task Not_found_throttled_changed_and_plans_can_each_be_answered_by_a_mock()
    {
        var pool = Pool;
        var id = Id;
        var (before, after, expected, actual, current, desired) = (Before, After, Before, After, Before, After);
        var client = new Mock<IResourceServerClient>();
        client.Setup(c => c.GetAsync(pool, "https://missing", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ResourceServerNotFoundException("Resource server does not exist."));
        client.Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Rate exceeded"));
        client.Setup(c => c.PatchAsync(pool, id, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(ResourceServerChange.Updated(before, after));
        client.Setup(c => c.PlanAsync(desired, It.IsAny<CancellationToken>()))
            .ReturnsAsync(ResourceServerChange.Plan(current, desired));
        client.Setup(c => c.UpdateIfUnchangedAsync(expected, desired, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ResourceServerChangedException(expected, actual));
        var api = client.Object;

        var missing = await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => api.GetAsync(Pool, "https://missing"));
        Assert.Equal(CognitoErrorCodes.ResourceNotFound, missing.ErrorCode);
        Assert.False(missing.IsRetryable);

        var throttled = await Assert.ThrowsAsync<CognitoServiceException>(() => api.CreateAsync(After));
        Assert.True(throttled.IsRetryable);

        var patched = await api.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("orders.write", "Write orders"));
        Assert.Equal(ResourceServerChangeKind.Updated, patched.Kind);
        Assert.Equal([new ResourceServerScope("orders.write", "Write orders")], patched.Diff.ScopesAdded);
        Assert.False(patched.IsPlan);

        var plan = await api.PlanAsync(After);
        Assert.True(plan.IsPlan);
        Assert.True(plan.HasChanges);
        Assert.Equal(patched.Diff, plan.Diff);

        var changed = await Assert.ThrowsAsync<ResourceServerChangedException>(() => api.UpdateIfUnchangedAsync(Before, After));
        Assert.Equal(After, changed.Actual);
    }

    [Fact]
    public void The_change_factories_fill_kind_sides_and_diff_as_the_client_does()
    {
        Assert.Equal((ResourceServerChangeKind.Created, null, After), Shape(ResourceServerChange.Created(After)));
        Assert.Equal((ResourceServerChangeKind.Unchanged, Before, Before), Shape(ResourceServerChange.Unchanged(Before)));
        Assert.Equal((ResourceServerChangeKind.Deleted, Before, null), Shape(ResourceServerChange.Deleted(Before)));
        Assert.True(ResourceServerChange.PlanDelete(Before).IsPlan);
        Assert.Equal(ResourceServerChangeKind.Created, ResourceServerChange.Plan(null, After).Kind);
        Assert.Equal(ResourceServerChangeKind.Unchanged, ResourceServerChange.Plan(Before, Before).Kind);
        Assert.True(ResourceServerChange.Unchanged(Before).Diff.IsEmpty);
    }

    private static (ResourceServerChangeKind, ResourceServer?, ResourceServer?) Shape(ResourceServerChange change) => (change.Kind, change.Before, change.After);
}
