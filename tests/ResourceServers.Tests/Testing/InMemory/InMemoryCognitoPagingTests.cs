using System.Text;
using ResourceServers.Testing;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

public class InMemoryCognitoPagingTests
{
    private static async Task<(InMemoryCognito Cognito, string Pool, List<string> Identifiers)> PoolWithServersAsync(int count)
    {
        var (cognito, _) = Create(o => o.MaxResourceServersPerPool = 300);
        var pool = await cognito.NewPoolAsync();
        // Created out of order, so the test sees that listing sorts rather than keeping insertion order.
        var identifiers = Enumerable.Range(0, count).Select(i => $"https://api-{i:D3}.example.com").Reverse().ToList();
        foreach (var identifier in identifiers)
        {
            await cognito.CreateResourceServerAsync(CreateRequest(pool, identifier));
        }

        identifiers.Sort(StringComparer.Ordinal);
        return (cognito, pool, identifiers);
    }

    private static async Task<List<List<string>>> ReadAllPagesAsync(InMemoryCognito cognito, string pool, int? maxResults)
    {
        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var page = await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = maxResults, NextToken = token });
            pages.Add(page.ResourceServers.Select(s => s.Identifier!).ToList());
            token = page.NextToken;
        }
        while (token is not null);

        return pages;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(49)]
    [InlineData(50)]
    public async Task Pages_of_every_size_return_each_server_once_in_ordinal_order(int maxResults)
    {
        var (cognito, pool, identifiers) = await PoolWithServersAsync(120);

        var pages = await ReadAllPagesAsync(cognito, pool, maxResults);

        Assert.Equal(identifiers, pages.SelectMany(p => p));
        Assert.All(pages, p => Assert.InRange(p.Count, 1, maxResults));
        Assert.Equal((120 + maxResults - 1) / maxResults, pages.Count);
    }

    [Fact]
    public async Task Without_MaxResults_a_page_holds_fifty()
    {
        var (cognito, pool, identifiers) = await PoolWithServersAsync(120);

        var pages = await ReadAllPagesAsync(cognito, pool, maxResults: null);

        Assert.Equal([50, 50, 20], pages.Select(p => p.Count));
        Assert.Equal(identifiers, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task The_last_page_has_no_token_even_when_it_is_full()
    {
        var (cognito, pool, _) = await PoolWithServersAsync(10);

        var page = await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 10 });

        Assert.Equal(10, page.ResourceServers.Count);
        Assert.Null(page.NextToken);
    }

    [Fact]
    public async Task An_empty_pool_lists_an_empty_page()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        var page = await cognito.ListResourceServersAsync(new() { UserPoolId = pool });

        Assert.Empty(page.ResourceServers);
        Assert.Null(page.NextToken);
    }

    [Fact]
    public async Task A_token_stays_valid_when_the_last_server_it_returned_is_deleted()
    {
        var (cognito, pool, identifiers) = await PoolWithServersAsync(5);
        var first = await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 2 });

        await cognito.DeleteResourceServerAsync(new() { UserPoolId = pool, Identifier = identifiers[1] });
        var second = await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 2, NextToken = first.NextToken });

        Assert.Equal(identifiers[2..4], second.ResourceServers.Select(s => s.Identifier!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    [InlineData(-1)]
    public async Task MaxResults_outside_1_to_50_is_InvalidParameter(int maxResults)
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = maxResults }));

        Assert.Contains("'MaxResults'", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadTokens => new()
    {
        string.Empty,
        "has space",
        "not*base64",
        Convert.ToBase64String(Encoding.UTF8.GetBytes("v1\nus-east-1_abc")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("v2\nus-east-1_abc\nlast")),
        Convert.ToBase64String([0xFF, 0xFE, 0xFD]),
        new string('A', 4096),
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_this_service_did_not_issue_is_InvalidParameter(string token)
    {
        var (cognito, pool, _) = await PoolWithServersAsync(3);

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool, NextToken = token }));

        Assert.Contains("NextToken", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_of_another_pool_is_InvalidParameter()
    {
        var (cognito, pool, _) = await PoolWithServersAsync(3);
        var other = await cognito.NewPoolAsync("other");
        var token = (await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 1 })).NextToken;
        Assert.NotNull(token);

        var e = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListResourceServersAsync(new() { UserPoolId = other, NextToken = token }));

        Assert.Contains("another listing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_of_the_user_pool_list_is_refused_by_the_server_list()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync("a");
        await cognito.NewPoolAsync("b");
        var poolToken = (await cognito.ListUserPoolsAsync(1)).NextToken;
        Assert.NotNull(poolToken);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool, NextToken = poolToken }));
    }

    [Fact]
    public async Task The_token_does_not_show_the_identifier_in_clear()
    {
        var (cognito, pool, identifiers) = await PoolWithServersAsync(3);

        var token = (await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 1 })).NextToken!;

        Assert.DoesNotContain(identifiers[0], token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, static c => char.IsWhiteSpace(c));
    }
}
