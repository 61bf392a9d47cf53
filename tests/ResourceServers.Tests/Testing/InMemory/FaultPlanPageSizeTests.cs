using ResourceServers.Testing;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

/// <summary>FaultPlan.CapPageSize: a listing answers fewer items than MaxResults asks, with a NextToken while more remain.</summary>
public class FaultPlanPageSizeTests
{
    [Fact]
    public async Task A_capped_listing_answers_short_pages_with_a_next_token_until_the_last()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        for (var i = 0; i < 5; i++)
        {
            await cognito.CreateResourceServerAsync(CreateRequest(pool, $"https://api{i}"));
        }

        cognito.Faults.CapPageSize(CognitoOperation.ListResourceServers, 2);

        var pages = new List<ListResourceServersResponse>();
        string? token = null;
        do
        {
            var page = await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 10, NextToken = token });
            pages.Add(page);
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal([2, 2, 1], pages.Select(p => p.ResourceServers.Count));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"https://api{i}"), pages.SelectMany(p => p.ResourceServers).Select(s => s.Identifier));
        Assert.Equal([true, true, false], pages.Select(p => p.NextToken is not null));
    }

    [Fact]
    public async Task A_request_for_fewer_items_than_the_cap_gets_what_it_asked_and_the_client_reads_every_page()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        for (var i = 0; i < 5; i++)
        {
            await cognito.CreateResourceServerAsync(CreateRequest(pool, $"https://api{i}"));
        }

        cognito.Faults.CapPageSize(CognitoOperation.ListResourceServers, 3);

        var asked = await cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 1 });
        cognito.Statistics.Reset();
        var all = await cognito.CreateClient().ListAsync(pool, pageSize: 50).ToListAsync();

        Assert.Single(asked.ResourceServers);
        Assert.Equal(5, all.Count);
        Assert.Equal(2, cognito.Statistics.GetReceived(CognitoOperation.ListResourceServers));
    }

    [Fact]
    public async Task The_cap_applies_to_app_client_listings_and_is_removed_by_null_and_by_Clear()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        for (var i = 0; i < 3; i++)
        {
            await cognito.CreateUserPoolClientAsync(pool, $"client{i}");
            await cognito.CreateResourceServerAsync(CreateRequest(pool, $"https://api{i}"));
        }

        cognito.Faults.CapPageSize(CognitoOperation.ListUserPoolClients, 1);
        cognito.Faults.CapPageSize(CognitoOperation.ListResourceServers, 1);
        var capped = await cognito.SendAsync(CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = pool, MaxResults = 60 });
        cognito.Faults.CapPageSize(CognitoOperation.ListUserPoolClients, null);
        var uncapped = await cognito.SendAsync(CognitoOperation.ListUserPoolClients, new ListUserPoolClientsRequest { UserPoolId = pool, MaxResults = 60 });
        var cappedServers = await cognito.ListResourceServersAsync(new() { UserPoolId = pool });
        cognito.Faults.Clear();
        var clearedServers = await cognito.ListResourceServersAsync(new() { UserPoolId = pool });

        Assert.Single(capped.UserPoolClients);
        Assert.NotNull(capped.NextToken);
        Assert.Equal(3, uncapped.UserPoolClients.Count);
        Assert.Null(uncapped.NextToken);
        Assert.Single(cappedServers.ResourceServers);
        Assert.Equal(3, clearedServers.ResourceServers.Count);
    }

    [Fact]
    public async Task A_capped_user_pool_listing_answers_short_pages_over_the_wire()
    {
        var (cognito, _) = Create();
        for (var i = 0; i < 3; i++)
        {
            await cognito.NewPoolAsync($"pool{i}");
        }

        cognito.Faults.CapPageSize(CognitoOperation.ListUserPools, 2);

        var first = await cognito.ListUserPoolsAsync(new ListUserPoolsRequest { MaxResults = 60 });
        var second = await cognito.ListUserPoolsAsync(new ListUserPoolsRequest { MaxResults = 60, NextToken = first.NextToken });

        Assert.Equal(2, first.UserPools.Count);
        Assert.Single(second.UserPools);
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task Requests_are_validated_as_sent_and_the_cap_takes_only_listings_and_positive_sizes()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        cognito.Faults.CapPageSize(CognitoOperation.ListResourceServers, 2);

        // A MaxResults the model refuses is refused still, not hidden by the cap.
        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => cognito.ListResourceServersAsync(new() { UserPoolId = pool, MaxResults = 51 }));
        var notAListing = Assert.Throws<ArgumentException>(() => cognito.Faults.CapPageSize(CognitoOperation.DescribeResourceServer, 2));
        Assert.Equal("listing", notAListing.ParamName);
        Assert.Contains("DescribeResourceServer", notAListing.Message, StringComparison.Ordinal);
        Assert.Equal("maxItems", Assert.Throws<ArgumentOutOfRangeException>(() => cognito.Faults.CapPageSize(CognitoOperation.ListResourceServers, 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => cognito.Faults.CapPageSize(null!, 2));
    }
}
