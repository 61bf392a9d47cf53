using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

public class InMemoryCognitoAppClientTests
{
    [Fact]
    public async Task Create_takes_standard_scopes_and_scopes_of_the_pool_and_describe_answers_them_without_the_secret()
    {
        var (cognito, time) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read, Write]));

        var created = await cognito.CreateUserPoolClientAsync(pool, "web app", ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin", $"{Identifier}/read"], generateSecret: true);

        Assert.Matches("^[0-9a-z]{26}$", created.ClientId);
        Assert.Equal(time.GetUtcNow(), created.CreationDate);
        Assert.NotNull(created.ClientSecret);
        Assert.DoesNotContain(created.ClientSecret, created.ToString(), StringComparison.Ordinal);
        var described = await cognito.SendAsync(CognitoOperation.DescribeUserPoolClient, new DescribeUserPoolClientRequest { UserPoolId = pool, ClientId = created.ClientId });
        Assert.NotNull(described.RequestId);
        Assert.Equal(new UserPoolClientType { UserPoolId = pool, ClientId = created.ClientId, ClientName = "web app", AllowedOAuthScopes = described.UserPoolClient.AllowedOAuthScopes }, described.UserPoolClient);
        Assert.Equal(created.AllowedOAuthScopes, described.UserPoolClient.AllowedOAuthScopes);
    }

    [Theory]
    [InlineData("https://api.example.com/admin")]        // no such scope on the server
    [InlineData("https://other.example.com/read")]       // no such server
    [InlineData("read")]                                  // neither standard nor identifier/scope
    public async Task Create_with_a_custom_scope_that_does_not_exist_is_ScopeDoesNotExist_and_creates_nothing(string scope)
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read]));

        var e = await AssertCognito.ThrowsAsync("ScopeDoesNotExistException", () => cognito.CreateUserPoolClientAsync(pool, "web", ["openid", scope]));

        Assert.Contains(scope, e.Message, StringComparison.Ordinal);
        Assert.False(e.IsRetryable);
        Assert.Empty((await cognito.SendAsync(CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = pool })).UserPoolClients);
    }

    [Fact]
    public async Task Create_refuses_a_bad_name_and_more_than_50_scopes_as_invalid_parameters()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateUserPoolClientAsync(pool, "bad/name"));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateUserPoolClientAsync(pool, "web", Enumerable.Repeat("openid", 51).ToArray()));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.ResourceNotFound, () => cognito.CreateUserPoolClientAsync("us-east-1_missing", "web"));
    }

    [Fact]
    public async Task A_scope_removed_later_stays_in_the_clients_that_grant_it_as_in_the_service()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, scopes: [Read, Write]));
        var client = await cognito.CreateUserPoolClientAsync(pool, "web", [$"{Identifier}/write"]);

        await cognito.UpdateResourceServerAsync(new UpdateResourceServerRequest { UserPoolId = pool, Identifier = Identifier, Name = "my-api", Scopes = [Read] });

        var described = await cognito.SendAsync(CognitoOperation.DescribeUserPoolClient, new DescribeUserPoolClientRequest { UserPoolId = pool, ClientId = client.ClientId });
        Assert.Equal([$"{Identifier}/write"], described.UserPoolClient.AllowedOAuthScopes);
        await AssertCognito.ThrowsAsync("ScopeDoesNotExistException", () => cognito.CreateUserPoolClientAsync(pool, "web2", [$"{Identifier}/write"]));
    }

    [Fact]
    public async Task List_pages_ids_and_names_60_at_most_with_tokens_bound_to_the_pool()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync("a");
        var other = await cognito.NewPoolAsync("b");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 61; i++)
        {
            ids.Add((await cognito.CreateUserPoolClientAsync(pool, $"client {i}")).ClientId);
        }

        var first = await cognito.SendAsync(CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = pool });
        Assert.Equal(60, first.UserPoolClients.Count);
        Assert.NotNull(first.NextToken);
        var second = await cognito.SendAsync(CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = pool, NextToken = first.NextToken });
        Assert.Single(second.UserPoolClients);
        Assert.Null(second.NextToken);
        Assert.Equal(ids.Order(StringComparer.Ordinal), first.UserPoolClients.Concat(second.UserPoolClients).Select(c => c.ClientId));
        Assert.All(first.UserPoolClients, c => Assert.Equal(pool, c.UserPoolId));

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.SendAsync(CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = other, NextToken = first.NextToken }));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.SendAsync(CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = pool, MaxResults = 61 }));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.SendAsync(CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = pool, MaxResults = 0 }));
    }

    [Fact]
    public async Task Delete_removes_the_client_and_a_missing_client_is_not_found()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        var client = await cognito.CreateUserPoolClientAsync(pool, "web");

        await cognito.DeleteUserPoolClientAsync(pool, client.ClientId);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.ResourceNotFound, () => cognito.SendAsync(CognitoOperation.DescribeUserPoolClient, new DescribeUserPoolClientRequest { UserPoolId = pool, ClientId = client.ClientId }));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.ResourceNotFound, () => cognito.DeleteUserPoolClientAsync(pool, client.ClientId));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.SendAsync(CognitoOperation.DescribeUserPoolClient, new DescribeUserPoolClientRequest { UserPoolId = pool, ClientId = "bad id" }));
    }

    [Fact]
    public async Task Describe_is_throttled_at_5_a_second_on_one_pool_when_quotas_are_enforced()
    {
        var (cognito, time) = Create(o => o.EnforceRateQuotas = true);
        var pool = await cognito.NewPoolAsync();
        var client = await cognito.CreateUserPoolClientAsync(pool, "web");
        var request = new DescribeUserPoolClientRequest { UserPoolId = pool, ClientId = client.ClientId };

        for (var i = 0; i < 5; i++)
        {
            await cognito.SendAsync(CognitoOperation.DescribeUserPoolClient, request);
        }

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => cognito.SendAsync(CognitoOperation.DescribeUserPoolClient, request));
        Assert.Contains("DescribeUserPoolClient", e.Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(1));
        await cognito.SendAsync(CognitoOperation.DescribeUserPoolClient, request);
    }
}
