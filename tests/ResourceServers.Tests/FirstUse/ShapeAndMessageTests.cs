namespace ResourceServers.Tests.FirstUse;

/// <summary>What a first user reads: models print their items, names say what things do, messages say things once.</summary>
public class ShapeAndMessageTests
{
    private static readonly ResourceServer Orders = new("us-east-1_abc123", "https://api.example.com", "orders",
        [new ResourceServerScope("orders.read", "Read orders"), new ResourceServerScope("orders.write", "Change orders")]);

    [Fact]
    public void A_resource_server_prints_its_scopes()
    {
        Assert.Equal(
            "ResourceServer { UserPoolId = us-east-1_abc123, Identifier = https://api.example.com, Name = orders, Scopes = [ orders.read (\"Read orders\"), orders.write (\"Change orders\") ] }",
            Orders.ToString());
        Assert.Equal("ResourceServer { UserPoolId = p_1, Identifier = i, Name = n, Scopes = [] }", new ResourceServer("p_1", "i", "n").ToString());
    }

    [Fact]
    public void Scope_identifiers_are_what_tokens_and_app_clients_use()
    {
        Assert.Equal(["https://api.example.com/orders.read", "https://api.example.com/orders.write"], Orders.ScopeIdentifiers);
        Assert.Empty(new ResourceServer("p_1", "i", "n").ScopeIdentifiers);
    }

    [Fact]
    public void A_service_error_names_its_code_once()
    {
        var error = CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, "User pool us-east-1_x does not exist.", requestId: "rid");

        Assert.IsType<ResourceServerNotFoundException>(error);
        Assert.Equal("User pool us-east-1_x does not exist. (ResourceNotFoundException, HTTP 400, request id rid)", error.Message);
        Assert.StartsWith("ResourceServers.ResourceServerNotFoundException: User pool", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("Cognito answered TooManyRequestsException, HTTP 400.", CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, null).Message);
    }

    [Fact]
    public void A_patch_says_it_adds_or_updates()
    {
        var patch = ResourceServerPatch.AddOrUpdateScope("admin", "Administer");

        Assert.Equal("add or update scope 'admin' (\"Administer\")", patch.ToString());
        Assert.Equal([new ResourceServerScope("admin", "Administer")], patch.ScopesToAddOrUpdate);
    }

    [Fact]
    public void A_change_reads_as_a_sentence_in_the_past_for_results_and_the_imperative_for_plans()
    {
        var renamed = Orders with { Name = "orders-api" };

        Assert.Equal(
            "Updated resource server 'https://api.example.com' in pool 'us-east-1_abc123': rename 'orders' -> 'orders-api'",
            new ResourceServerChange(ResourceServerChangeKind.Updated, Orders, renamed, ResourceServerDiff.Between(Orders, renamed)).ToString());
        Assert.Equal(
            "Create resource server 'https://api.example.com' in pool 'us-east-1_abc123' named 'orders' with scopes 'orders.read', 'orders.write'",
            new ResourceServerChange(ResourceServerChangeKind.Created, null, Orders, ResourceServerDiff.Empty, IsPlan: true).ToString());
        Assert.Equal("Deleted resource server 'https://api.example.com' in pool 'us-east-1_abc123'", new ResourceServerChange(ResourceServerChangeKind.Deleted, Orders, null, ResourceServerDiff.Empty).ToString());
    }

    [Fact]
    public void The_public_validator_checks_desired_state_before_a_deploy()
    {
        ResourceServerValidator.Validate(Orders);

        var error = Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.Validate(Orders.WithScopes(new ResourceServerScope("a/b", "slash"))));
        Assert.Equal("Scopes[0].ScopeName", error.Member);
    }
}
