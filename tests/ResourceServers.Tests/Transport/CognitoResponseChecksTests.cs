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
    [InlineData("Name", "ResourceServers[0].Name")]
    [InlineData("UserPoolId", "ResourceServers[0].UserPoolId")]
    [InlineData("Identifier", "ResourceServers[2].Identifier")]
    [InlineData("ScopeName", "ResourceServers[2].Scopes[1].ScopeName")]
    [InlineData("DuplicateScope", "ResourceServers[2].Scopes[1].ScopeName")]
    public void A_page_item_breaking_the_model_is_named_by_its_own_index(string broken, string path)
    {
        // The item at the index the path names is the broken one; the first item is named by its index too.
        var index = path[path.IndexOf('[', StringComparison.Ordinal) + 1] - '0';
        ResourceServerType[] servers = [Valid("a"), Valid("b"), Valid("c"), Valid("d")];
        servers[index] = Break(servers[index], broken);
        var page = Page(servers);

        // Each item's pool is compared with the request's first, so a broken pool is asked about as the request named
        // it (and, first in the page, it is the item checked first).
        var problem = CognitoResponseChecks.PageProblem(page, new ListResourceServersRequest { UserPoolId = servers[index].UserPoolId! });

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

    [Theory]
    [InlineData("UserPoolId", "ResourceServer.UserPoolId is missing")]
    [InlineData("Identifier", "ResourceServer.Identifier is missing")]
    [InlineData("Name", "ResourceServer.Name is missing")]
    [InlineData("UserPoolId,Identifier", "ResourceServer.UserPoolId is missing")]
    [InlineData("Identifier,Name", "ResourceServer.Identifier is missing")]
    public void A_missing_key_or_name_is_named_first_in_the_order_UserPoolId_Identifier_Name(string missing, string expected)
    {
        var server = Valid();
        foreach (var member in missing.Split(','))
        {
            server = member switch
            {
                "UserPoolId" => server with { UserPoolId = null },
                "Identifier" => server with { Identifier = null },
                _ => server with { Name = null },
            };
        }

        Assert.Equal(expected, CognitoResponseChecks.ServerProblem(server, Pool, Identifier));
    }

    [Fact]
    public void A_page_without_its_list_longer_than_asked_for_or_with_white_space_in_its_token_says_so()
    {
        var request = new ListResourceServersRequest { UserPoolId = Pool, MaxResults = 2 };

        Assert.Equal("ResourceServers is missing", CognitoResponseChecks.PageProblem(new ListResourceServersResponse { ResourceServers = null! }, request));
        Assert.Equal("ResourceServers holds 3 resource servers for a page of at most 2", CognitoResponseChecks.PageProblem(Page(Valid("a"), Valid("b"), Valid("c")), request));
        Assert.Equal(
            "NextToken holds white space, which the model's pattern [\\S]+ excludes",
            CognitoResponseChecks.PageProblem(Page(Valid("a")) with { NextToken = "next token" }, request));
    }

    [Theory]
    [InlineData("next token")]
    [InlineData("next\ttoken")]
    [InlineData("next\n")]
    public void Every_listings_token_is_held_to_the_models_pattern(string token)
    {
        const string WhiteSpace = "NextToken holds white space, which the model's pattern [\\S]+ excludes";
        var pools = new ListUserPoolsResponse { UserPools = [new UserPoolDescriptionType { Id = Pool, Name = "pool" }], NextToken = token };
        var clients = new ListUserPoolClientsResponse { UserPoolClients = [], NextToken = token };

        Assert.Equal(WhiteSpace, CognitoResponseChecks.PageProblem(Page(Valid("a")) with { NextToken = token }, new ListResourceServersRequest { UserPoolId = Pool }));
        Assert.Equal(WhiteSpace, CognitoResponseChecks.UserPoolPageProblem(pools, new ListUserPoolsRequest { MaxResults = 60 }));
        Assert.Equal(WhiteSpace, CognitoResponseChecks.ClientPageProblem(clients, new ListUserPoolClientsRequest { UserPoolId = Pool, MaxResults = 60 }));
        Assert.Null(CognitoResponseChecks.UserPoolPageProblem(pools with { NextToken = "next-token" }, new ListUserPoolsRequest { MaxResults = 60 }));
    }

    [Fact]
    public void A_request_without_a_page_size_allows_the_service_maximum()
    {
        var request = new ListResourceServersRequest { UserPoolId = Pool };
        var full = Enumerable.Range(0, ResourceServerValidator.MaxPageSize).Select(i => Valid("id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        Assert.Null(CognitoResponseChecks.PageProblem(Page(full), request));
        Assert.Equal(
            "ResourceServers holds 51 resource servers for a page of at most 50",
            CognitoResponseChecks.PageProblem(Page([.. full, Valid("one-more")]), request));
    }

    [Fact]
    public void A_next_token_is_accepted_up_to_4096_characters_and_refused_beyond()
    {
        var request = new ListResourceServersRequest { UserPoolId = Pool };

        Assert.Null(CognitoResponseChecks.PageProblem(Page() with { NextToken = new string('t', 4096) }, request));
        Assert.Equal(
            "NextToken is 4097 characters long; no token longer than 4096 is accepted",
            CognitoResponseChecks.PageProblem(Page() with { NextToken = new string('t', 4097) }, request));
    }

    [Fact]
    public void The_emulators_longest_page_token_is_within_the_bound()
    {
        // The longest key a token carries: a 55-character pool id of three-byte characters and a 256-character identifier.
        var token = ResourceServers.Testing.PageToken.Encode(new string('\u20ac', 53) + "_a", new string('~', 256));

        Assert.InRange(token.Length, 1, CognitoResponseChecks.MaxNextTokenLength);
    }

    [Fact]
    public void A_writes_answer_holding_what_was_written_has_no_problem_whatever_its_scope_order()
    {
        var server = Valid();
        var reordered = server with { Scopes = [.. server.Scopes!.Reverse()] };

        Assert.Null(CognitoResponseChecks.EchoProblem(server, server.Name!, server.Scopes));
        Assert.Null(CognitoResponseChecks.EchoProblem(reordered, server.Name!, server.Scopes));
        Assert.Null(CognitoResponseChecks.EchoProblem(server with { Scopes = null }, server.Name!, scopes: []));
        Assert.Null(CognitoResponseChecks.EchoProblem(server with { Scopes = [] }, server.Name!, scopes: null));
    }

    [Fact]
    public void A_writes_answer_that_differs_from_what_was_written_names_the_member()
    {
        var server = Valid();
        ResourceServerScopeType[] changedDescription = [server.Scopes![0], new() { ScopeName = "write", ScopeDescription = "Write more" }];

        Assert.Equal("ResourceServer.Name is not the name the request wrote", CognitoResponseChecks.EchoProblem(server, "renamed", server.Scopes));
        Assert.Equal("ResourceServer.Scopes are not the scopes the request wrote", CognitoResponseChecks.EchoProblem(server, server.Name!, changedDescription));
        Assert.Equal("ResourceServer.Scopes are not the scopes the request wrote", CognitoResponseChecks.EchoProblem(server, server.Name!, [server.Scopes[0]]));
        Assert.Equal("ResourceServer.Scopes are not the scopes the request wrote", CognitoResponseChecks.EchoProblem(server with { Scopes = null }, server.Name!, server.Scopes));
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
