using ResourceServers.Testing;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

public class InMemoryCognitoUserPoolTests
{
    [Fact]
    public async Task Create_makes_a_pool_with_a_region_prefixed_id_and_the_clock_time()
    {
        var (cognito, time) = Create(o => o.Region = "eu-west-3");

        var pool = await cognito.CreateUserPoolAsync("my pool");

        Assert.Matches("^eu-west-3_[0-9A-Za-z]{9}$", pool.Id);
        Assert.Equal("my pool", pool.Name);
        Assert.Equal(time.GetUtcNow(), pool.CreationDate);
        Assert.Equal(pool.CreationDate, pool.LastModifiedDate);
        Assert.Equal(pool, await cognito.DescribeUserPoolAsync(pool.Id));
        Assert.Equal("eu-west-3", cognito.Region);
    }

    [Fact]
    public async Task Pool_ids_are_unique_and_names_need_not_be()
    {
        var (cognito, _) = Create();

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            Assert.True(ids.Add((await cognito.CreateUserPoolAsync("same")).Id));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad/name")]
    [InlineData("\u00e9t\u00e9")]
    public async Task Create_with_a_bad_name_is_InvalidParameter(string name)
    {
        var (cognito, _) = Create();

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateUserPoolAsync(name));

        Assert.Contains("'PoolName'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pool_names_are_limited_to_128_characters()
    {
        var (cognito, _) = Create();

        await cognito.CreateUserPoolAsync(new string('p', 128));
        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.CreateUserPoolAsync(new string('p', 129)));

        Assert.Contains("1..128", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_number_of_pools_is_capped()
    {
        var (cognito, _) = Create(o => o.MaxUserPools = 3);
        var first = await cognito.NewPoolAsync();
        await cognito.NewPoolAsync();
        await cognito.NewPoolAsync();

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () => cognito.CreateUserPoolAsync("fourth"));

        await cognito.DeleteUserPoolAsync(first);
        await cognito.CreateUserPoolAsync("fourth");
    }

    [Fact]
    public async Task Describe_and_delete_of_a_missing_pool_are_ResourceNotFound()
    {
        var (cognito, _) = Create();

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeUserPoolAsync("us-east-1_missing"));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DeleteUserPoolAsync("us-east-1_missing"));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.DescribeUserPoolAsync("no underscore"));
    }

    [Fact]
    public async Task Delete_removes_the_pool_and_its_servers()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));

        await cognito.DeleteUserPoolAsync(pool);

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeUserPoolAsync(pool));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.DescribeResourceServerAsync(DescribeRequest(pool)));
        Assert.Empty((await cognito.ListUserPoolsAsync(60)).UserPools);
    }

    [Fact]
    public async Task List_pages_through_every_pool_once_in_id_order()
    {
        var (cognito, _) = Create();
        var ids = new List<string>();
        for (var i = 0; i < 130; i++)
        {
            ids.Add(await cognito.NewPoolAsync($"pool {i}"));
        }

        ids.Sort(StringComparer.Ordinal);
        var listed = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await cognito.ListUserPoolsAsync(60, token);
            listed.AddRange(page.UserPools.Select(p => p.Id));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(ids, listed);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public async Task List_with_MaxResults_outside_1_to_60_is_InvalidParameter(int maxResults)
    {
        var (cognito, _) = Create();

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListUserPoolsAsync(maxResults));
    }

    [Fact]
    public async Task List_with_a_server_list_token_is_InvalidParameter()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "a"));
        await cognito.CreateResourceServerAsync(CreateRequest(pool, "b"));
        var serverToken = (await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 1 })).NextToken;

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListUserPoolsAsync(10, serverToken));
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListUserPoolsAsync(10, "garbage"));
    }

    [Fact]
    public async Task Pool_calls_observe_cancellation()
    {
        var (cognito, _) = Create();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cognito.CreateUserPoolAsync("p", new CancellationToken(canceled: true)));
        Assert.Empty((await cognito.ListUserPoolsAsync(60)).UserPools);
    }
}
