using System.Net;
using System.Text.Json;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.CallPath;

/// <summary>
/// The one distrustful paging of every listing (ListResourceServers, ListUserPools, ListUserPoolClients): how a
/// token ends, continues or stops a listing.
/// </summary>
public class PageTokensTests
{
    private const string Limit = "more than a test listing can fill";

    private static PageTokens Tokens(int maxPages = 10) => new("ListThings", maxPages, Limit);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_null_or_empty_token_ends_the_listing(string? answered)
    {
        var tokens = Tokens();

        Assert.True(tokens.Advance("t1", "r1"));
        Assert.False(tokens.Advance(answered, "r2"));

        Assert.Null(tokens.NextToken);
        Assert.Equal(2, tokens.Pages);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    public void A_white_space_token_does_not_end_the_listing_silently_and_is_sent_back_as_given(string answered)
    {
        // Ending here would cut the listing short without a word; the answer checks refuse white space before this.
        var tokens = Tokens();

        Assert.True(tokens.Advance(answered, "r1"));

        Assert.Equal(answered, tokens.NextToken);
    }

    [Fact]
    public void A_white_space_token_given_twice_is_a_repeat_like_any_other()
    {
        var tokens = Tokens();
        tokens.Advance(" ", "r1");

        var error = AssertCognito.Throws(CognitoErrorCodes.MalformedResponse, () => tokens.Advance(" ", "r2"));

        Assert.Contains("already given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_token_is_the_next_pages_until_the_listing_ends()
    {
        var tokens = Tokens();
        Assert.Null(tokens.NextToken);

        Assert.True(tokens.Advance("t1", "r1"));
        Assert.Equal("t1", tokens.NextToken);
        Assert.True(tokens.Advance("t2", "r2"));
        Assert.Equal("t2", tokens.NextToken);
        Assert.False(tokens.Advance(null, "r3"));

        Assert.Null(tokens.NextToken);
        Assert.Equal(3, tokens.Pages);
    }

    [Fact]
    public void A_token_given_before_stops_paging_as_a_malformed_answer_of_that_page()
    {
        var tokens = Tokens();
        tokens.Advance("a", "r1");
        tokens.Advance("b", "r2");

        var error = AssertCognito.Throws(CognitoErrorCodes.MalformedResponse, () => tokens.Advance("a", "r3"));

        Assert.Equal("ListThings answered a NextToken it had already given; paging stopped.", error.ServiceMessage);
        Assert.Equal("r3", error.RequestId);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.False(error.IsRetryable);
        Assert.Equal("b", tokens.NextToken);
    }

    [Fact]
    public void Tokens_that_differ_only_in_case_or_at_their_end_are_distinct()
    {
        var prefix = new string('p', 4095);
        var tokens = Tokens();

        Assert.True(tokens.Advance("a", "r1"));
        Assert.True(tokens.Advance("A", "r2"));
        Assert.True(tokens.Advance(prefix + "1", "r3"));
        Assert.True(tokens.Advance(prefix + "2", "r4"));
        Assert.Throws<CognitoServiceException>(() => tokens.Advance(prefix + "1", "r5"));
    }

    [Fact]
    public void The_last_page_a_legal_listing_takes_may_end_it()
    {
        var tokens = Tokens(maxPages: 3);

        Assert.True(tokens.Advance("t1", "r1"));
        Assert.True(tokens.Advance("t2", "r2"));
        Assert.False(tokens.Advance(null, "r3"));
    }

    [Fact]
    public void A_token_on_the_last_page_a_legal_listing_takes_stops_paging()
    {
        var tokens = Tokens(maxPages: 3);
        tokens.Advance("t1", "r1");
        tokens.Advance("t2", "r2");

        var error = AssertCognito.Throws(CognitoErrorCodes.MalformedResponse, () => tokens.Advance("t3", "r3"));

        Assert.Equal($"ListThings still answered a NextToken after 3 pages, {Limit}; paging stopped.", error.ServiceMessage);
        Assert.Equal("r3", error.RequestId);
        Assert.Equal("t2", tokens.NextToken);
    }

    [Fact]
    public void The_query_page_maximum_is_the_models_QueryLimit()
    {
        using var model = JsonDocument.Parse(File.ReadAllText(TestData.CognitoPath("app-clients.model.json")));

        Assert.Equal(PageTokens.MaxQueryPageSize, model.RootElement.GetProperty("shapes").GetProperty("QueryLimit").GetProperty("max").GetInt32());
    }
}
