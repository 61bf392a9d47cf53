using System.Net;
using System.Text.Json;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Emulator;

public class CognitoEmulatorOperationTests : IAsyncLifetime
{
    private CognitoEmulator _emulator = null!;
    private string _poolId = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CognitoEmulator.StartAsync();
        _poolId = (await _emulator.Cognito.CreateUserPoolAsync("pool")).Id;
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Create_describe_list_update_delete_round_trip_over_http()
    {
        var created = await Call("CreateResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"https://api.example.com","Name":"my-api","Scopes":[{"ScopeName":"read","ScopeDescription":"Read"},{"ScopeName":"write","ScopeDescription":"Write"}]}""");
        created.AssertOk();
        AssertServer(created.Json.GetProperty("ResourceServer"), "my-api", ("read", "Read"), ("write", "Write"));

        var described = await Call("DescribeResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"https://api.example.com"}""");
        described.AssertOk();
        AssertServer(described.Json.GetProperty("ResourceServer"), "my-api", ("read", "Read"), ("write", "Write"));

        var updated = await Call("UpdateResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"https://api.example.com","Name":"renamed","Scopes":[{"ScopeName":"read","ScopeDescription":"Read only"}]}""");
        updated.AssertOk();
        AssertServer(updated.Json.GetProperty("ResourceServer"), "renamed", ("read", "Read only"));

        var listed = await Call("ListResourceServers", $$"""{"UserPoolId":"{{_poolId}}","MaxResults":10}""");
        listed.AssertOk();
        var page = listed.Json.GetProperty("ResourceServers");
        AssertServer(Assert.Single(page.EnumerateArray().ToList()), "renamed", ("read", "Read only"));
        Assert.False(listed.Json.TryGetProperty("NextToken", out _), "an unset NextToken must be absent, not null");

        var deleted = await Call("DeleteResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"https://api.example.com"}""");
        deleted.AssertOk();
        Assert.True(deleted.Body is "" or "{}", $"DeleteResourceServer answered '{deleted.Body}'");

        (await Call("DescribeResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"https://api.example.com"}"""))
            .AssertError(HttpStatusCode.BadRequest, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Update_without_scopes_wipes_every_scope_over_http()
    {
        (await Call("CreateResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"api","Name":"api","Scopes":[{"ScopeName":"read","ScopeDescription":"Read"}]}""")).AssertOk();

        (await Call("UpdateResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"api","Name":"api"}""")).AssertOk();

        var described = await Call("DescribeResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"api"}""");
        described.AssertOk();
        var server = described.Json.GetProperty("ResourceServer");
        Assert.True(
            !server.TryGetProperty("Scopes", out var scopes) || scopes.GetArrayLength() == 0,
            $"scopes survived an update that sent none: {described.Body}");
    }

    [Fact]
    public async Task Duplicate_create_is_an_invalid_parameter_error_from_the_service()
    {
        var body = $$"""{"UserPoolId":"{{_poolId}}","Identifier":"api","Name":"api"}""";
        (await Call("CreateResourceServer", body)).AssertOk();

        var message = (await Call("CreateResourceServer", body)).AssertError(HttpStatusCode.BadRequest, "InvalidParameterException");

        Assert.Contains("already exists", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_pool_operations_serve_the_aws_cli_shapes()
    {
        var created = await Call("CreateUserPool", """{"PoolName":"cli-pool"}""");
        created.AssertOk();
        var pool = created.Json.GetProperty("UserPool");
        var id = pool.GetProperty("Id").GetString()!;
        Assert.StartsWith("us-east-1_", id, StringComparison.Ordinal);
        Assert.Equal("cli-pool", pool.GetProperty("Name").GetString());
        Assert.Equal($"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{id}", pool.GetProperty("Arn").GetString());
        Assert.Equal(JsonValueKind.Number, pool.GetProperty("CreationDate").ValueKind);
        Assert.Equal(JsonValueKind.Number, pool.GetProperty("LastModifiedDate").ValueKind);
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(pool.GetProperty("CreationDate").GetDecimal() * 1000));
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));

        var described = await Call("DescribeUserPool", $$"""{"UserPoolId":"{{id}}"}""");
        described.AssertOk();
        Assert.Equal(pool.GetRawText(), described.Json.GetProperty("UserPool").GetRawText());

        var deleted = await Call("DeleteUserPool", $$"""{"UserPoolId":"{{id}}"}""");
        deleted.AssertOk();
        (await Call("DescribeUserPool", $$"""{"UserPoolId":"{{id}}"}""")).AssertError(HttpStatusCode.BadRequest, "ResourceNotFoundException");
    }

    [Fact]
    public async Task List_user_pools_pages_with_next_token()
    {
        await _emulator.Cognito.CreateUserPoolAsync("second");
        await _emulator.Cognito.CreateUserPoolAsync("third");

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var body = token is null ? """{"MaxResults":2}""" : $$"""{"MaxResults":2,"NextToken":"{{token}}"}""";
            var reply = await Call("ListUserPools", body);
            reply.AssertOk();
            pages++;
            foreach (var p in reply.Json.GetProperty("UserPools").EnumerateArray())
            {
                names.Add(p.GetProperty("Name").GetString()!);
                Assert.Equal(JsonValueKind.Number, p.GetProperty("CreationDate").ValueKind);
            }

            token = reply.Json.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null && pages < 10);

        Assert.Equal(2, pages);
        Assert.Equal(["pool", "second", "third"], names.Order());
    }

    [Fact]
    public async Task List_user_pools_requires_max_results()
    {
        var message = (await Call("ListUserPools", "{}")).AssertError(HttpStatusCode.BadRequest, "InvalidParameterException");

        Assert.Equal("1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null", message);
    }

    [Fact]
    public async Task Every_response_carries_a_fresh_request_id()
    {
        var ok = await Call("ListResourceServers", $$"""{"UserPoolId":"{{_poolId}}"}""");
        var error = await Call("Nope", "{}");

        Assert.True(Guid.TryParse(ok.RequestId, out var first));
        Assert.True(Guid.TryParse(error.RequestId, out var second));
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("AWSCognitoIdentityProviderService.ListUsers")]
    [InlineData("AWSCognitoIdentityProviderService.")]
    [InlineData("SomeOtherService.ListResourceServers")]
    [InlineData(null)]
    public async Task Unknown_or_missing_target_is_unknown_operation(string? target)
    {
        var call = EmulatorCall.For(_emulator, "ignored") with { Target = target, OmitTarget = target is null };

        (await call.SendAsync()).AssertError(HttpStatusCode.BadRequest, "UnknownOperationException");
    }

    [Theory]
    [InlineData("{\"UserPoolId\":")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public async Task Malformed_or_non_object_json_is_a_serialization_exception(string body)
    {
        (await Call("ListResourceServers", body)).AssertError(HttpStatusCode.BadRequest, "SerializationException");
    }

    [Theory]
    [InlineData("ListResourceServers", "{\"UserPoolId\":\"us-east-1_abc\",\"MaxResults\":\"ten\"}", "$.MaxResults")]
    [InlineData("ListResourceServers", "{\"UserPoolId\":42}", "$.UserPoolId")]
    [InlineData("CreateResourceServer", "{\"UserPoolId\":\"us-east-1_abc\",\"Identifier\":\"i\",\"Name\":\"n\",\"Scopes\":{\"ScopeName\":\"a\"}}", "$.Scopes")]
    [InlineData("ListUserPools", "{\"MaxResults\":1.5}", "$.MaxResults")]
    public async Task Wrong_member_type_is_a_serialization_exception_naming_the_member(string operation, string body, string path)
    {
        var message = (await Call(operation, body)).AssertError(HttpStatusCode.BadRequest, "SerializationException");

        Assert.Contains(path, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_members_are_listed_as_invalid_parameters()
    {
        var message = (await Call("CreateResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Name":null,"Scopes":[{"ScopeName":"read"}]}"""))
            .AssertError(HttpStatusCode.BadRequest, "InvalidParameterException");

        Assert.Equal(
            "3 validation errors detected: Value null at 'identifier' failed to satisfy constraint: Member must not be null; "
            + "Value null at 'name' failed to satisfy constraint: Member must not be null; "
            + "Value null at 'scopes.1.member.scopeDescription' failed to satisfy constraint: Member must not be null",
            message);
    }

    [Theory]
    [InlineData("CreateResourceServer")]
    [InlineData("UpdateResourceServer")]
    public async Task A_scope_list_far_over_the_limit_is_refused_with_one_short_message(string operation)
    {
        // About 45 KB of empty scopes: one message per missing member would run to megabytes.
        var scopes = string.Join(",", Enumerable.Repeat("{}", 5_000));

        var message = (await Call(operation, $$"""{"UserPoolId":"{{_poolId}}","Identifier":"https://api.example.com","Name":"n","Scopes":[{{scopes}}]}"""))
            .AssertError(HttpStatusCode.BadRequest, "InvalidParameterException");

        Assert.True(message.Length < 2048, $"The message is {message.Length} characters long.");
        Assert.StartsWith("1 validation error detected: Value at 'Scopes' failed to satisfy constraint: ", message, StringComparison.Ordinal);
        Assert.Contains("100", message, StringComparison.Ordinal);
        Assert.Contains("5000", message, StringComparison.Ordinal);
        Assert.Empty((await _emulator.Cognito.ListResourceServersAsync(new() { UserPoolId = _poolId })).ResourceServers);
    }

    [Fact]
    public async Task Many_missing_scope_members_are_counted_but_only_the_first_ten_are_spelled_out()
    {
        var scopes = string.Join(",", Enumerable.Repeat("{}", 100));

        var message = (await Call("CreateResourceServer", $$"""{"UserPoolId":"{{_poolId}}","Identifier":"https://api.example.com","Name":"n","Scopes":[{{scopes}}]}"""))
            .AssertError(HttpStatusCode.BadRequest, "InvalidParameterException");

        Assert.StartsWith("200 validation errors detected: Value null at 'scopes.1.member.scopeName'", message, StringComparison.Ordinal);
        Assert.Contains("'scopes.5.member.scopeDescription'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("'scopes.6.member.scopeName'", message, StringComparison.Ordinal);
        Assert.EndsWith("; and 190 more", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_members_are_ignored_like_the_service_does()
    {
        (await Call("ListResourceServers", $$$"""{"UserPoolId":"{{{_poolId}}}","Extra":{"a":[1]}}""")).AssertOk();
    }

    [Fact]
    public async Task Non_post_requests_are_refused_after_the_signature_check()
    {
        var reply = await (EmulatorCall.For(_emulator, "ListResourceServers") with { Method = HttpMethod.Put }).SendAsync();

        reply.AssertError(HttpStatusCode.NotFound, "UnknownOperationException");
    }

    private Task<EmulatorReply> Call(string operation, string body) => EmulatorCall.For(_emulator, operation, body).SendAsync();

    private static void AssertServer(JsonElement server, string name, params (string Name, string Description)[] scopes)
    {
        Assert.Equal(name, server.GetProperty("Name").GetString());
        Assert.Equal(
            scopes,
            server.GetProperty("Scopes").EnumerateArray().Select(s => (s.GetProperty("ScopeName").GetString()!, s.GetProperty("ScopeDescription").GetString()!)).ToArray());
    }
}
