using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using ResourceServers.HostedSample;

namespace ResourceServers.Sample.Tests;

/// <summary>
/// Unit tests of application code that depends on <see cref="IResourceServerClient"/>: the client is mocked with Moq,
/// so each test says exactly what Cognito answered and checks what the code asked for.
/// </summary>
public class ScopeProvisionerTests
{
    private const string Pool = "us-east-1_Sample1234";
    private const string Identifier = "https://orders.example.com";
    private static readonly ResourceServerScope Read = new("orders.read", "Read orders");
    private static readonly ResourceServerScope Admin = new("orders.admin", "Administer");

    private readonly Mock<IResourceServerClient> _client = new(MockBehavior.Strict);

    private ScopeProvisioner Provisioner => new(_client.Object, NullLogger<ScopeProvisioner>.Instance);

    [Fact]
    public async Task Adds_the_scope_with_a_patch_and_never_replaces_the_resource_server()
    {
        var before = new ResourceServer(Pool, Identifier, "Orders API", [Admin]);
        var after = before.WithScopes([.. before.Scopes, Read]);
        FindReturns(before);
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(ResourceServerChange.Updated(before, after));

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.UpdatedScope, outcome);

        // The patch names only the scope to add: nothing else can be lost.
        _client.Verify(c => c.PatchAsync(Pool, Identifier, ResourceServerPatch.AddOrUpdateScope(Read), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.UpdateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
        _client.Verify(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Patches_a_scope_whose_description_differs()
    {
        var before = new ResourceServer(Pool, Identifier, "Orders API", [Read with { Description = "Old text" }]);
        var after = before.WithScopes([Read]);
        FindReturns(before);
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, ResourceServerPatch.AddOrUpdateScope(Read), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ResourceServerChange(ResourceServerChangeKind.Updated, before, after, ResourceServerDiff.Between(before, after)));

        Assert.Equal(ProvisioningOutcome.UpdatedScope, await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
    }

    [Fact]
    public async Task Writes_nothing_when_the_scope_is_already_there_as_asked()
    {
        FindReturns(new ResourceServer(Pool, Identifier, "Orders API", [Admin, Read]));

        // The strict mock fails any patch, update or create.
        Assert.Equal(ProvisioningOutcome.AlreadyPresent, await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
    }

    [Fact]
    public async Task Reports_a_scope_already_present_when_the_patch_wrote_nothing()
    {
        // Another instance added the scope between our find and our patch.
        var current = new ResourceServer(Pool, Identifier, "Orders API", [Read]);
        FindReturns(current with { Scopes = [] });
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ResourceServerChange(ResourceServerChangeKind.Unchanged, current, current, ResourceServerDiff.Empty));

        Assert.Equal(ProvisioningOutcome.AlreadyPresent, await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
    }

    [Fact]
    public async Task Creates_the_resource_server_with_the_scope_when_it_does_not_exist()
    {
        FindReturns(null);
        _client
            .Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ResourceServer created, CancellationToken _) => created);

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.CreatedResourceServer, outcome);
        _client.Verify(
            c => c.CreateAsync(It.Is<ResourceServer>(r => r.UserPoolId == Pool && r.Identifier == Identifier && r.Name == "Orders API" && r.Scopes.SequenceEqual(new[] { Read })), It.IsAny<CancellationToken>()),
            Times.Once);
        _client.Verify(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()), Times.Never);
        _client.Verify(c => c.UpdateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Defers_without_writing_when_cognito_keeps_throttling()
    {
        FindReturns(new ResourceServer(Pool, Identifier, "Orders API", [Admin]));
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Rate exceeded", requestId: "req-2"));

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.Deferred, outcome);
        _client.Verify(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
        _client.Verify(c => c.UpdateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Defers_when_the_lookup_is_throttled()
    {
        _client
            .Setup(c => c.FindAsync(Pool, Identifier, It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Rate exceeded", requestId: "req-7"));

        Assert.Equal(ProvisioningOutcome.Deferred, await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
    }

    [Fact]
    public async Task Defers_when_the_create_is_throttled_after_the_lookup_found_nothing()
    {
        FindReturns(null);
        _client
            .Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Rate exceeded", requestId: "req-4"));

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.Deferred, outcome);
        _client.Verify(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Adds_the_scope_to_the_resource_server_a_concurrent_creator_made_first()
    {
        var theirs = new ResourceServer(Pool, Identifier, "Orders API", [Admin]);
        var withOurs = theirs.WithScopes([.. theirs.Scopes, Read]);
        FindReturns(null);
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ResourceServerChange(ResourceServerChangeKind.Updated, theirs, withOurs, ResourceServerDiff.Between(theirs, withOurs)));
        _client
            .Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, $"A resource server with identifier {Identifier} already exists in user pool {Pool}.", requestId: "req-6"));

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.UpdatedScope, outcome);
        _client.Verify(c => c.PatchAsync(Pool, Identifier, ResourceServerPatch.AddOrUpdateScope(Read), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.UpdateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Lets_a_create_rejected_for_another_reason_reach_the_caller()
    {
        FindReturns(null);
        _client
            .Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 256"));

        await AssertServiceErrorAsync(CognitoErrorCodes.InvalidParameter, () => Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
        _client.Verify(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Lets_other_service_errors_reach_the_caller()
    {
        _client
            .Setup(c => c.FindAsync(Pool, Identifier, It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.NotAuthorized, "Not allowed"));

        await AssertServiceErrorAsync(CognitoErrorCodes.NotAuthorized, () => Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
    }

    [Fact]
    public async Task Lets_a_delete_between_the_lookup_and_the_patch_reach_the_caller()
    {
        FindReturns(new ResourceServer(Pool, Identifier, "Orders API", [Admin]));
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ResourceServerNotFoundException($"Resource server {Identifier} does not exist."));

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
        _client.Verify(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Passes_the_callers_cancellation_token_to_the_client()
    {
        using var cancellation = new CancellationTokenSource();
        var before = new ResourceServer(Pool, Identifier, "Orders API", [Admin]);
        var after = before.WithScopes([.. before.Scopes, Read]);
        _client
            .Setup(c => c.FindAsync(Pool, Identifier, cancellation.Token))
            .ReturnsAsync(before);
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), cancellation.Token))
            .ReturnsAsync(new ResourceServerChange(ResourceServerChangeKind.Updated, before, after, ResourceServerDiff.Between(before, after)));

        await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read, cancellation.Token);

        _client.Verify(c => c.FindAsync(Pool, Identifier, cancellation.Token), Times.Once);
        _client.Verify(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), cancellation.Token), Times.Once);
    }

    /// <summary>Asserts a service error by its code: every service error is one type, told apart by <see cref="CognitoServiceException.ErrorCode"/>.</summary>
    private static async Task AssertServiceErrorAsync(string errorCode, Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(call);
        Assert.Equal(errorCode, error.ErrorCode);
    }

    private void FindReturns(ResourceServer? current) =>
        _client.Setup(c => c.FindAsync(Pool, Identifier, It.IsAny<CancellationToken>())).ReturnsAsync(current);
}
