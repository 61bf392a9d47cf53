using System.Text;
using ResourceServers.Tool.Manifests;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>What the manifest reader accepts, and where its errors point: a line, a column and a member path.</summary>
public sealed class ManifestReaderTests
{
    [Fact]
    public void A_valid_manifest_reads_into_complete_desired_states()
    {
        var manifest = Parse("""
            {
              "$schema": "./resource-servers.schema.json",
              // pools of the orders team
              "userPools": [
                { "userPoolId": "eu-west-1_Orders1", "resourceServers": [
                    { "identifier": "https://orders.example.com", "name": "Orders",
                      "scopes": [ { "name": "orders.read", "description": "Read orders" }, ], },
                    { "identifier": "https://billing.example.com", "name": "Billing" } ] } ]
            }
            """);

        var pool = Assert.Single(manifest.UserPools);
        Assert.Equal("eu-west-1_Orders1", pool.UserPoolId);
        Assert.Equal(
            [new ResourceServer("eu-west-1_Orders1", "https://orders.example.com", "Orders", [new("orders.read", "Read orders")]), new ResourceServer("eu-west-1_Orders1", "https://billing.example.com", "Billing")],
            pool.ResourceServers);
    }

    [Fact]
    public void Duplicate_scope_names_point_at_the_second_scope_with_the_manifests_member_names()
    {
        var error = Error("""
            { "userPools": [ { "userPoolId": "eu-west-1_Orders1", "resourceServers": [
              { "identifier": "https://orders.example.com", "name": "Orders", "scopes": [
                { "name": "orders.read", "description": "Read" },
                { "name": "orders.read", "description": "Read again" } ] } ] } ] }
            """);

        Assert.Equal(4, error.Line);
        Assert.Equal("userPools[0].resourceServers[0].scopes[1].name", error.Member);
        Assert.Contains("scope names must be unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_100_scopes_are_refused_naming_the_list()
    {
        var scopes = string.Join(",\n", Enumerable.Range(0, 101).Select(i => $$"""{ "name": "s{{i}}", "description": "d" }"""));
        var error = Error($$"""{ "userPools": [ { "userPoolId": "eu-west-1_Orders1", "resourceServers": [ { "identifier": "https://a", "name": "A", "scopes": [{{scopes}}] } ] } ] }""");

        Assert.Equal("userPools[0].resourceServers[0].scopes", error.Member);
        Assert.Contains("at most 100 scopes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_member_is_named_with_the_ones_allowed()
    {
        var error = Error("""
            { "userPools": [ { "userPoolId": "eu-west-1_Orders1",
                               "resourceServer": [] } ] }
            """);

        Assert.Equal(2, error.Line);
        Assert.Equal("userPools[0].resourceServer", error.Member);
        Assert.Contains("expected \"userPoolId\", \"resourceServers\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        var error = Error("""
            { "userPools": [
              { "userPoolId": "eu-west-1_Orders1" "resourceServers": [] } ] }
            """);

        Assert.Equal(2, error.Line);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_pool_or_identifier_twice_is_refused_naming_the_first()
    {
        var pools = Error("""{ "userPools": [ { "userPoolId": "eu-west-1_A1", "resourceServers": [] }, { "userPoolId": "eu-west-1_A1", "resourceServers": [] } ] }""");
        var servers = Error("""{ "userPools": [ { "userPoolId": "eu-west-1_A1", "resourceServers": [ { "identifier": "https://a", "name": "A" }, { "identifier": "https://a", "name": "B" } ] } ] }""");

        Assert.Contains("already declared at userPools[0]", pools.Message, StringComparison.Ordinal);
        Assert.Contains("already declared at userPools[0].resourceServers[0]", servers.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_member_and_a_wrong_type_are_named()
    {
        var missing = Error("""{ "userPools": [ { "userPoolId": "eu-west-1_A1", "resourceServers": [ { "identifier": "https://a" } ] } ] }""");
        var wrongType = Error("""{ "userPools": [ { "userPoolId": "eu-west-1_A1", "resourceServers": [ { "identifier": "https://a", "name": 7 } ] } ] }""");

        Assert.Equal("userPools[0].resourceServers[0].name", missing.Member);
        Assert.Contains("is required", missing.Message, StringComparison.Ordinal);
        Assert.Equal("userPools[0].resourceServers[0].name", wrongType.Member);
        Assert.Contains("must be a string; found a number", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_writer_writes_what_the_reader_reads_back()
    {
        ManifestPool[] pools = [new("eu-west-1_A1", [new ResourceServer("eu-west-1_A1", "https://a.example.com/api", "A", [new("a.read", "Reads \"a\" <all>\u0007")])])];

        var read = ManifestReader.Parse(Encoding.UTF8.GetBytes(ManifestWriter.Write(pools)), "exported.json");

        Assert.Equal(pools[0].ResourceServers, read.UserPools.Single().ResourceServers);
    }

    private static Manifest Parse(string json) => ManifestReader.Parse(Encoding.UTF8.GetBytes(json), "m.json", _ => null);

    private static ManifestException Error(string json) => Assert.Throws<ManifestException>(() => Parse(json));
}
