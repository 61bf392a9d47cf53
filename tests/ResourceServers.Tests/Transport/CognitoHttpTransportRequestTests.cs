using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Transport;

/// <summary>What goes on the wire for each operation, compared with what the AWS CLI sends (tests/TestData/cognito/README.md).</summary>
public partial class CognitoHttpTransportRequestTests
{
    private const string PoolId = "us-east-1_abc123";
    private const string Identifier = "https://api.example.com";
    private const string ResourceServerJson =
        """{"ResourceServer":{"UserPoolId":"us-east-1_abc123","Identifier":"https://api.example.com","Name":"my-api","Scopes":[{"ScopeName":"read","ScopeDescription":"Read"},{"ScopeName":"write","ScopeDescription":"Write"}]}}""";

    private static readonly ResourceServerScopeType Read = new() { ScopeName = "read", ScopeDescription = "Read" };
    private static readonly ResourceServerScopeType Write = new() { ScopeName = "write", ScopeDescription = "Write" };

    [Fact]
    public async Task Create_sends_the_cli_body_target_and_content_type_and_maps_the_response()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, ResourceServerJson));
        var transport = TransportHarness.Create(handler);

        var response = await transport.CreateResourceServerAsync(new CreateResourceServerRequest
        {
            UserPoolId = PoolId,
            Identifier = Identifier,
            Name = "my-api",
            Scopes = [Read, Write],
        });

        AssertOperation(handler.Single, "CreateResourceServer", CliBody("CreateResourceServer"));
        AssertMyApi(response.ResourceServer);
    }

    [Fact]
    public async Task Describe_sends_the_cli_body_and_maps_the_response()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, ResourceServerJson));
        var transport = TransportHarness.Create(handler);

        var response = await transport.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = PoolId, Identifier = Identifier });

        AssertOperation(handler.Single, "DescribeResourceServer", CliBody("DescribeResourceServer"));
        AssertMyApi(response.ResourceServer);
    }

    [Fact]
    public async Task List_sends_the_cli_body_and_maps_servers_and_next_token()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(
            HttpStatusCode.OK,
            """{"ResourceServers":[{"UserPoolId":"us-east-1_abc123","Identifier":"a","Name":"A"},{"UserPoolId":"us-east-1_abc123","Identifier":"b","Name":"B","Scopes":[]}],"NextToken":"page-2"}"""));
        var transport = TransportHarness.Create(handler);

        var response = await transport.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = PoolId, MaxResults = 10 });

        AssertOperation(handler.Single, "ListResourceServers", CliBody("ListResourceServers"));
        Assert.Equal(["a", "b"], response.ResourceServers.Select(s => s.Identifier));
        Assert.Equal(["A", "B"], response.ResourceServers.Select(s => s.Name));
        Assert.Null(response.ResourceServers[0].Scopes);
        Assert.Empty(response.ResourceServers[1].Scopes!);
        Assert.Equal("page-2", response.NextToken);
    }

    [Fact]
    public async Task List_next_page_adds_the_token_and_a_last_page_has_none()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, """{"ResourceServers":[]}"""));
        var transport = TransportHarness.Create(handler);

        var response = await transport.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = PoolId, MaxResults = 10, NextToken = "page-2" });

        AssertJsonBody("""{"UserPoolId":"us-east-1_abc123","MaxResults":10,"NextToken":"page-2"}""", handler.Single);
        Assert.Empty(response.ResourceServers);
        Assert.Null(response.NextToken);
    }

    [Fact]
    public async Task List_leaves_MaxResults_and_NextToken_absent_when_null()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, """{"ResourceServers":[]}"""));
        var transport = TransportHarness.Create(handler);

        await transport.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = PoolId });

        Assert.Equal("""{"UserPoolId":"us-east-1_abc123"}""", handler.Single.BodyText);
    }

    [Fact]
    public async Task Update_sends_the_cli_body_and_maps_the_response()
    {
        var handler = new RecordingHandler(Echo);
        var transport = TransportHarness.Create(handler);

        var response = await transport.UpdateResourceServerAsync(new UpdateResourceServerRequest
        {
            UserPoolId = PoolId,
            Identifier = Identifier,
            Name = "my-api-renamed",
            Scopes = [Read],
        });

        AssertOperation(handler.Single, "UpdateResourceServer", CliBody("UpdateResourceServer"));
        Assert.Equal("my-api-renamed", response.ResourceServer.Name);
        Assert.Equal([("read", "Read")], response.ResourceServer.Scopes!.Select(s => (s.ScopeName, s.ScopeDescription)));
    }

    [Fact]
    public async Task Update_without_scopes_leaves_the_member_absent_and_with_an_empty_list_sends_an_empty_array()
    {
        var handler = new RecordingHandler(Echo);
        var transport = TransportHarness.Create(handler);
        var request = new UpdateResourceServerRequest { UserPoolId = PoolId, Identifier = Identifier, Name = "my-api" };

        await transport.UpdateResourceServerAsync(request);
        await transport.UpdateResourceServerAsync(request with { Scopes = [] });

        Assert.Equal("""{"UserPoolId":"us-east-1_abc123","Identifier":"https://api.example.com","Name":"my-api"}""", handler.Requests[0].BodyText);
        Assert.Equal("""{"UserPoolId":"us-east-1_abc123","Identifier":"https://api.example.com","Name":"my-api","Scopes":[]}""", handler.Requests[1].BodyText);
    }

    [Fact]
    public async Task Create_without_scopes_leaves_the_member_absent()
    {
        var handler = new RecordingHandler(Echo);
        var transport = TransportHarness.Create(handler);

        await transport.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = PoolId, Identifier = Identifier, Name = "my-api" });

        Assert.DoesNotContain("Scopes", handler.Single.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("null", handler.Single.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Delete_sends_the_cli_body_and_accepts_an_empty_or_empty_object_answer(string answer)
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, answer));
        var transport = TransportHarness.Create(handler);

        await transport.DeleteResourceServerAsync(new DeleteResourceServerRequest { UserPoolId = PoolId, Identifier = Identifier });

        AssertOperation(handler.Single, "DeleteResourceServer", CliBody("DeleteResourceServer"));
    }

    [Fact]
    public async Task Requests_go_to_the_override_url_when_one_is_set()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, ResourceServerJson));
        var transport = TransportHarness.Create(handler, serviceUrl: new Uri("http://127.0.0.1:4566/"));

        await transport.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = PoolId, Identifier = Identifier });

        Assert.Equal(new Uri("http://127.0.0.1:4566/"), handler.Single.Uri);
    }

    [Fact]
    public async Task Response_members_the_model_does_not_know_are_ignored()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(
            HttpStatusCode.OK,
            """{"ResourceServer":{"UserPoolId":"PoolIdHere","Identifier":"x","Name":"n","Extra":{"Nested":[1,2]}},"AlsoNew":true}""".Replace("PoolIdHere", PoolId, StringComparison.Ordinal)));
        var transport = TransportHarness.Create(handler);

        var response = await transport.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = PoolId, Identifier = "x" });

        Assert.Equal("x", response.ResourceServer.Identifier);
        Assert.Equal("n", response.ResourceServer.Name);
    }

    private static void AssertOperation(RecordedRequest request, string operation, string expectedBody)
    {
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("https://cognito-idp.us-east-1.amazonaws.com/"), request.Uri);
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.Equal($"AWSCognitoIdentityProviderService.{operation}", request.Header("X-Amz-Target"));
        Assert.NotNull(request.Header("Authorization"));
        Assert.NotNull(request.Header("X-Amz-Date"));
        AssertJsonBody(expectedBody, request);
    }

    private static void AssertJsonBody(string expected, RecordedRequest request)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(request.Body);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"Expected body {expected}\nActual body   {request.BodyText}");

        // Same members in the same order, compact: byte-identical to the CLI's JSON once its whitespace is removed.
        Assert.Equal(expectedNode!.ToJsonString(), request.BodyText);
    }

    // A write's answer as the service gives it: the server as written, which is the request's body.
    private static HttpResponseMessage Echo(RecordedRequest request) =>
        RecordingHandler.Json(HttpStatusCode.OK, $$"""{"ResourceServer":{{request.BodyText}}}""");

    private static void AssertMyApi(ResourceServerType server)
    {
        Assert.Equal(PoolId, server.UserPoolId);
        Assert.Equal(Identifier, server.Identifier);
        Assert.Equal("my-api", server.Name);
        Assert.Equal([("read", "Read"), ("write", "Write")], server.Scopes!.Select(s => (s.ScopeName, s.ScopeDescription)));
    }

    /// <summary>The body the AWS CLI sent for an operation, as recorded in tests/TestData/cognito/README.md.</summary>
    private static string CliBody(string operation)
    {
        var readme = TestData.ReadCognito("README.md");
        var match = Regex.Match(readme, $@"^- {operation}: `(?<json>\{{[^`]*\}})`", RegexOptions.Multiline);
        Assert.True(match.Success, $"tests/TestData/cognito/README.md records no AWS CLI body for {operation}.");
        return match.Groups["json"].Value;
    }
}
