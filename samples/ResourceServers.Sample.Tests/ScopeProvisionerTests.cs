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

    private readonly Mock<IResourceServerClient> _client = new(MockBehavior.Strict);

    private ScopeProvisioner Provisioner => new(_client.Object, NullLogger<ScopeProvisioner>.Instance);

    [Fact]
    public async Task Adds_the_scope_with_a_patch_and_never_replaces_the_resource_server()
    {
        var before = new ResourceServer(Pool, Identifier, "Orders API", [new ResourceServerScope("orders.admin", "Administer")]);
        var after = before.WithScopes([.. before.Scopes, Read]);
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ResourceServerChange(ResourceServerChangeKind.Updated, before, after, ResourceServerDiff.Between(before, after)));

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.UpdatedScope, outcome);

        // The patch names only the scope to add: nothing else can be lost.
        _client.Verify(c => c.PatchAsync(Pool, Identifier, ResourceServerPatch.AddOrUpdateScope(Read), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.UpdateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
        _client.Verify(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Reports_a_scope_already_present_when_the_patch_wrote_nothing()
    {
        var current = new ResourceServer(Pool, Identifier, "Orders API", [Read]);
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ResourceServerChange(ResourceServerChangeKind.Unchanged, current, current, ResourceServerDiff.Empty));

        Assert.Equal(ProvisioningOutcome.AlreadyPresent, await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
    }

    [Fact]
    public async Task Creates_the_resource_server_with_the_scope_when_it_does_not_exist()
    {
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, "Resource server https://orders.example.com does not exist.", requestId: "req-1"));
        _client
            .Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ResourceServer created, CancellationToken _) => created);

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.CreatedResourceServer, outcome);
        _client.Verify(
            c => c.CreateAsync(It.Is<ResourceServer>(r => r.UserPoolId == Pool && r.Identifier == Identifier && r.Name == "Orders API" && r.Scopes.SequenceEqual(new[] { Read })), It.IsAny<CancellationToken>()),
            Times.Once);
        _client.Verify(c => c.UpdateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Defers_without_writing_when_cognito_keeps_throttling()
    {
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
    public async Task Defers_when_the_create_is_throttled_after_the_patch_found_nothing()
    {
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, "Resource server https://orders.example.com does not exist.", requestId: "req-3"));
        _client
            .Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Rate exceeded", requestId: "req-4"));

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.Deferred, outcome);
        _client.Verify(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Adds_the_scope_to_the_resource_server_a_concurrent_creator_made_first()
    {
        var theirs = new ResourceServer(Pool, Identifier, "Orders API", [new ResourceServerScope("orders.admin", "Administer")]);
        var withOurs = theirs.WithScopes([.. theirs.Scopes, Read]);
        _client
            .SetupSequence(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, "Resource server https://orders.example.com does not exist.", requestId: "req-5"))
            .ReturnsAsync(new ResourceServerChange(ResourceServerChangeKind.Updated, theirs, withOurs, ResourceServerDiff.Between(theirs, withOurs)));
        _client
            .Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, $"A resource server with identifier {Identifier} already exists in user pool {Pool}.", requestId: "req-6"));

        var outcome = await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read);

        Assert.Equal(ProvisioningOutcome.UpdatedScope, outcome);
        _client.Verify(c => c.PatchAsync(Pool, Identifier, ResourceServerPatch.AddOrUpdateScope(Read), It.IsAny<CancellationToken>()), Times.Exactly(2));
        _client.Verify(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.UpdateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Lets_a_create_rejected_for_another_reason_reach_the_caller()
    {
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, "Resource server https://orders.example.com does not exist."));
        _client
            .Setup(c => c.CreateAsync(It.IsAny<ResourceServer>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 256"));

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
        _client.Verify(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Lets_other_service_errors_reach_the_caller()
    {
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(CognitoServiceException.FromErrorCode(CognitoErrorCodes.NotAuthorized, "Not allowed"));

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.NotAuthorized, () => Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read));
    }

    [Fact]
    public async Task Passes_the_callers_cancellation_token_to_the_client()
    {
        using var cancellation = new CancellationTokenSource();
        var current = new ResourceServer(Pool, Identifier, "Orders API", [Read]);
        _client
            .Setup(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), cancellation.Token))
            .ReturnsAsync(new ResourceServerChange(ResourceServerChangeKind.Unchanged, current, current, ResourceServerDiff.Empty));

        await Provisioner.EnsureScopeAsync(Pool, Identifier, "Orders API", Read, cancellation.Token);

        _client.Verify(c => c.PatchAsync(Pool, Identifier, It.IsAny<ResourceServerPatch>(), cancellation.Token), Times.Once);
    }
}
