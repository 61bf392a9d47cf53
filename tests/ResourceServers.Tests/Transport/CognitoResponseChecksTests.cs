using ResourceServers.Wire;

namespace ResourceServers.Tests.Transport;

/// <summary>
/// What the answer checks say about an answer that cannot be used: the member at fault by its path in the answer
/// (the list item by its index), and nothing at all about a valid answer.
/// </summary>
public class CognitoResponseChecksTests
{
    private const string Pool = "us-east-1_Checks01";
    private const string Identifier = "https://api.example.com";

    private static ResourceServerType Valid(string identifier = Identifier) => new()
    {
        UserPoolId = Pool,
        Identifier = identifier,
        Name = "orders api",
        Scopes = [new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Read" }, new ResourceServerScopeType { ScopeName = "write", ScopeDescription = "Write" }],
    };

    [Fact]
    public void A_valid_answer_and_a_valid_page_have_no_problem()
    {
        Assert.Null(CognitoResponseChecks.ServerProblem(Valid(), Pool, Identifier));
        Assert.Null(CognitoResponseChecks.ServerProblem(Valid() with { Scopes = null }, Pool, Identifier));
        Assert.Null(CognitoResponseChecks.PageProblem(Page(Valid("a"), Valid("b")), new ListResourceServersRequest { UserPoolId = Pool, MaxResults = 2 }));
    }

    [Theory]
    [InlineData("Name", "ResourceServer.Name")]
    [InlineData("UserPoolId", "ResourceServer.UserPoolId")]
    [InlineData("Identifier", "ResourceServer.Identifier")]
    [InlineData("ScopeName", "ResourceServer.Scopes[1].ScopeName")]
    [InlineData("DuplicateScope", "ResourceServer.Scopes[1].ScopeName")]
    public void A_single_answer_breaking_the_model_names_the_member_by_its_path(string broken, string path)
    {
        var server = Break(Valid(), broken);

        // The key is compared with the request's first, so a broken key is asked about as the request named it.
        var problem = CognitoResponseChecks.ServerProblem(server, server.UserPoolId!, server.Identifier!);

        Assert.NotNull(problem);
        Assert.StartsWith(path + ": ", problem, StringComparison.Ordinal);
        Assert.False(problem.EndsWith('.'), problem);
    }

    [Theory]
    [InlineData("Name", "ResourceServers[2].Name")]
    [InlineData("Identifier", "ResourceServers[2].Identifier")]
    [InlineData("ScopeName", "ResourceServers[2].Scopes[1].ScopeName")]
    [InlineData("DuplicateScope", "ResourceServers[2].Scopes[1].ScopeName")]
    public void A_page_item_breaking_the_model_is_named_by_its_own_index(string broken, string path)
    {
        var page = Page(Valid("a"), Valid("b"), Break(Valid("c"), broken), Valid("d"));

        var problem = CognitoResponseChecks.PageProblem(page, new ListResourceServersRequest { UserPoolId = Pool });

        Assert.NotNull(problem);
        Assert.StartsWith(path + ": ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_members_and_another_key_are_named_with_their_path()
    {
        Assert.Equal("ResourceServer is missing", CognitoResponseChecks.ServerProblem(null, Pool, Identifier));
        Assert.Equal("ResourceServer.Name is missing", CognitoResponseChecks.ServerProblem(Valid() with { Name = null }, Pool, Identifier));
        Assert.Equal("ResourceServers[1] is missing", CognitoResponseChecks.PageProblem(Page(Valid("a"), null!), new ListResourceServersRequest { UserPoolId = Pool }));
        Assert.StartsWith("ResourceServers[1].UserPoolId is 'us-east-1_Other01', not the user pool", CognitoResponseChecks.PageProblem(Page(Valid("a"), Valid("b") with { UserPoolId = "us-east-1_Other01" }), new ListResourceServersRequest { UserPoolId = Pool }), StringComparison.Ordinal);
        Assert.StartsWith("ResourceServer.Identifier is 'https://other.example.com', not the resource server", CognitoResponseChecks.ServerProblem(Valid("https://other.example.com"), Pool, Identifier), StringComparison.Ordinal);
        Assert.Equal(
            "ResourceServers[0].Scopes[1] is missing or lacks ScopeName or ScopeDescription",
            CognitoResponseChecks.PageProblem(Page(Valid("a") with { Scopes = [new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Read" }, new ResourceServerScopeType { ScopeName = "write", ScopeDescription = null! }] }), new ListResourceServersRequest { UserPoolId = Pool }));
    }

    private static ListResourceServersResponse Page(params ResourceServerType[] servers) => new() { ResourceServers = servers };

    private static ResourceServerType Break(ResourceServerType server, string member) => member switch
    {
        "Name" => server with { Name = "orders <api>" },
        "UserPoolId" => server with { UserPoolId = "us-east-1-no-separator" },
        "Identifier" => server with { Identifier = "has space" },
        "ScopeName" => server with { Scopes = [server.Scopes![0], new ResourceServerScopeType { ScopeName = "write/all", ScopeDescription = "Write" }] },
        "DuplicateScope" => server with { Scopes = [server.Scopes![0], new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Again" }] },
        _ => throw new ArgumentOutOfRangeException(nameof(member), member, null),
    };
}
